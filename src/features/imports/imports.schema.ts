import { z } from 'zod';
import { form } from '../../http/validate';

export const uploadSchema = z.object({
  effective_date: form.date(),
  scope_opd: form.optionalId(),
});

export const commitSchema = z.object({ deactivate_absent: form.checkbox() });
