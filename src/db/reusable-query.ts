import type { Compilable, CompiledQuery } from 'kysely';
import { dialectOfDb, type Db, type Dialect } from './connect';

/** Stands for the argument at `index` while the query is built once. */
class Slot {
  constructor(readonly index: number) {}
}

interface Shape<O> {
  compiled: CompiledQuery<O>;
  /** Each parameter of the compiled query: an argument's slot, or a constant of the query (a limit). */
  parameters: unknown[];
}

/**
 * A query whose shape never changes, only its values, built and compiled by Kysely once per
 * dialect and then run with each call's values. Kysely builds and compiles a query anew on every
 * call, and for the joins read on every request that costs more than running them: a join of five
 * tables took about 130 µs to build and compile against 20 µs for SQLite to run it
 * (docs/BENCHMARKS.md, "Check-in burst").
 *
 * `build` must use its arguments only as values of the query (a comparison, a join condition),
 * never to choose its shape (an `if`, an `in` list), since it runs once with stand-ins for them.
 */
export function reusableQuery<A extends (string | number | null)[], O>(build: (db: Db, ...args: A) => Compilable<O>): (db: Db, ...args: A) => Promise<O[]> {
  const shapes = new Map<Dialect, Shape<O>>();
  return async (db, ...args) => {
    const dialect = dialectOfDb(db);
    let shape = shapes.get(dialect);
    if (!shape) {
      const compiled = build(db, ...(args.map((_, i) => new Slot(i)) as unknown as A)).compile();
      shape = { compiled, parameters: [...compiled.parameters] };
      const used = new Set(shape.parameters.flatMap((p) => (p instanceof Slot ? [p.index] : [])));
      if (used.size !== args.length) throw new Error('reusableQuery: every argument must be a value of the query');
      shapes.set(dialect, shape);
    }
    const parameters = shape.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    const result = await db.executeQuery<O>({ ...shape.compiled, parameters });
    return result.rows;
  };
}
