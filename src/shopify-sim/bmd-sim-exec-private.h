#pragma once

/* What the simulator's validation (bmd-sim-query.c) and execution
 * (bmd-sim-exec.c) share: the part of Shopify's Admin schema it models
 * (bmd-sim-schema.c), argument values and cursors. */

#include "bmd-sim-exec.h"
#include "bmd-sim-graphql.h"

G_BEGIN_DECLS

typedef enum
{
  K_SCALAR,
  K_OBJECT,
  K_CONNECTION,  /* type names the node type */
  K_LIST,        /* a list of objects */
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
  const char *type;
  const char *args;   /* space-separated */
} FieldDef;

typedef struct
{
  const char     *name;
  const FieldDef *fields;
  const char     *interfaces;  /* space-separated, for fragment conditions */
} TypeDef;

struct _BmdSimQuery
{
  BmdGqlDocument  *doc;
  BmdGqlOperation *op;
  JsonObject      *variables;  /* resolved */
  double           requested;
  gboolean         bulk;       /* the inner query of a bulk operation: unpaged */
};

typedef struct
{
  BmdSimQuery   *query;
  JsonArray     *errors;
  GHashTable    *visiting;     /* fragment names on the current path */
  BmdSimStore   *store;
  BmdSimExecEnv *env;
} Walk;


const TypeDef *  _bmd_sim_find_type         (const char *name);
const FieldDef * _bmd_sim_find_field        (const TypeDef *type,
                                             const char *name);
const TypeDef *  _bmd_sim_member_type       (const TypeDef *type,
                                             const char *name);
const TypeDef *  _bmd_sim_field_type        (const FieldDef *field);
gboolean         _bmd_sim_word_in           (const char *list,
                                             const char *word);
gboolean         _bmd_sim_condition_matches (const char *condition,
                                             const TypeDef *type);
gboolean         _bmd_sim_condition_known   (const char *condition);
JsonNode *       _bmd_sim_resolve_value     (BmdGqlValue *value,
                                             JsonObject *variables);
JsonObject *     _bmd_sim_resolve_arguments (BmdGqlSelection *sel,
                                             JsonObject *variables);
gboolean         _bmd_sim_is_null           (JsonNode *node);
gboolean         _bmd_sim_holds_int         (JsonNode *node);
gboolean         _bmd_sim_holds_string      (JsonNode *node);
const char *     _bmd_sim_arg_string        (JsonObject *args,
                                             const char *name);
char *           _bmd_sim_describe_node     (JsonNode *node);
char *           _bmd_sim_encode_cursor     (gint64 id,
                                             gint64 value);
gboolean         _bmd_sim_decode_cursor     (const char *cursor,
                                             gint64 *id,
                                             gint64 *value);

G_END_DECLS
