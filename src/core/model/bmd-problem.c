#define G_LOG_DOMAIN "bmd-problem"

#include "config.h"

#include "bmd-problem.h"

struct _BmdProblem
{
  GObject parent_instance;

  BmdOrder *order;
  BmdProblemCode code;
  char *reason;
};

G_DEFINE_FINAL_TYPE (BmdProblem, bmd_problem, G_TYPE_OBJECT)

static void
bmd_problem_finalize (GObject *object)
{
  BmdProblem *self = (BmdProblem *)object;

  g_clear_object (&self->order);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (bmd_problem_parent_class)->finalize (object);
}

static void
bmd_problem_class_init (BmdProblemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_problem_finalize;
}

static void
bmd_problem_init (BmdProblem *self)
{
}

BmdProblem *
bmd_problem_new (BmdOrder       *order,
                 BmdProblemCode  code,
                 const char     *reason)
{
  BmdProblem *self;

  g_return_val_if_fail (BMD_IS_ORDER (order), NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  self = g_object_new (BMD_TYPE_PROBLEM, NULL);
  self->order = g_object_ref (order);
  self->code = code;
  self->reason = g_strdup (reason);
  return self;
}

BmdOrder *
bmd_problem_get_order (BmdProblem *self)
{
  g_return_val_if_fail (BMD_IS_PROBLEM (self), NULL);
  return self->order;
}

BmdProblemCode
bmd_problem_get_code (BmdProblem *self)
{
  g_return_val_if_fail (BMD_IS_PROBLEM (self), 0);
  return self->code;
}

const char *
bmd_problem_get_code_name (BmdProblem *self)
{
  g_return_val_if_fail (BMD_IS_PROBLEM (self), NULL);
  return bmd_problem_code_to_string (self->code);
}

const char *
bmd_problem_get_reason (BmdProblem *self)
{
  g_return_val_if_fail (BMD_IS_PROBLEM (self), NULL);
  return self->reason;
}

const char *
bmd_problem_code_to_string (BmdProblemCode code)
{
  switch (code)
    {
    case BMD_PROBLEM_NO_PICKUP_DATE:
      return "no_pickup_date";
    case BMD_PROBLEM_BAD_PICKUP_DATE:
      return "bad_pickup_date";
    case BMD_PROBLEM_UNKNOWN_DRAFT_TYPE:
      return "unknown_draft_type";
    case BMD_PROBLEM_NO_CUSTOMER:
      return "no_customer";
    case BMD_PROBLEM_DUPLICATE_HALF:
      return "duplicate_half";
    case BMD_PROBLEM_DETAILS_MISMATCH:
      return "details_mismatch";
    case BMD_PROBLEM_CANCELLED_HALF:
      return "cancelled_half";
    case BMD_PROBLEM_UNREADABLE_ORDER:
      return "unreadable_order";
    default:
      g_return_val_if_reached ("unknown");
    }
}
