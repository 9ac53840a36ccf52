#pragma once

#include "bmd-order.h"

G_BEGIN_DECLS

typedef enum
{
  BMD_PROBLEM_NO_PICKUP_DATE,
  BMD_PROBLEM_BAD_PICKUP_DATE,
  BMD_PROBLEM_UNKNOWN_DRAFT_TYPE,
  BMD_PROBLEM_NO_CUSTOMER,
  BMD_PROBLEM_DUPLICATE_HALF,
  BMD_PROBLEM_DETAILS_MISMATCH,
  BMD_PROBLEM_CANCELLED_HALF,
  BMD_PROBLEM_UNREADABLE_ORDER,
} BmdProblemCode;

#define BMD_TYPE_PROBLEM (bmd_problem_get_type ())
G_DECLARE_FINAL_TYPE (BmdProblem, bmd_problem, BMD, PROBLEM, GObject)

BmdProblem     *bmd_problem_new             (BmdOrder       *order,
                                             BmdProblemCode  code,
                                             const char     *reason);
BmdOrder       *bmd_problem_get_order       (BmdProblem *self);
BmdProblemCode  bmd_problem_get_code        (BmdProblem *self);
/* no_pickup_date, bad_pickup_date, … */
const char     *bmd_problem_get_code_name   (BmdProblem *self);
/* A plain-language sentence naming the order and what is wrong. */
const char     *bmd_problem_get_reason      (BmdProblem *self);

const char     *bmd_problem_code_to_string  (BmdProblemCode code);

G_END_DECLS
