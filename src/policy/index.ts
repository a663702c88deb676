export { ACTIONS, ROLES, RULES, type Action, type Role, type Scope } from './rules';
export { authorize, can, grantOf, homeOf, inScope, isNarrowed, narrowScope, needsUnit, rolesFor, unitScope, type PolicyUser, type UnitScope } from './policy';
export { allow } from './middleware';
