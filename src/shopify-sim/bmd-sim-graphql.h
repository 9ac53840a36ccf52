/* A lexer and recursive-descent parser for the executable subset of
 * GraphQL the simulator understands: operations, variables with defaults,
 * selection sets, arguments, aliases, fragments and inline fragments. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BMD_GQL_VALUE_VARIABLE,
  BMD_GQL_VALUE_INT,
  BMD_GQL_VALUE_FLOAT,
  BMD_GQL_VALUE_STRING,
  BMD_GQL_VALUE_BOOLEAN,
  BMD_GQL_VALUE_NULL,
  BMD_GQL_VALUE_ENUM,
  BMD_GQL_VALUE_LIST,
  BMD_GQL_VALUE_OBJECT,
} BmdGqlValueKind;

typedef struct _BmdGqlValue BmdGqlValue;

typedef struct
{
  char        *name;
  BmdGqlValue *value;
  guint        line;
  guint        column;
} BmdGqlArgument;

struct _BmdGqlValue
{
  BmdGqlValueKind kind;
  char           *text;    /* variable name, number text, string, enum */
  gboolean        boolean;
  GPtrArray      *items;   /* LIST: BmdGqlValue*; OBJECT: BmdGqlArgument* */
};

typedef enum
{
  BMD_GQL_FIELD,
  BMD_GQL_FRAGMENT_SPREAD,
  BMD_GQL_INLINE_FRAGMENT,
} BmdGqlSelectionKind;

typedef struct
{
  BmdGqlSelectionKind kind;
  char      *alias;          /* FIELD, may be NULL */
  char      *name;           /* FIELD name, or FRAGMENT_SPREAD's fragment */
  char      *type_condition; /* INLINE_FRAGMENT, may be NULL */
  GPtrArray *arguments;      /* BmdGqlArgument* */
  GPtrArray *selections;     /* BmdGqlSelection*, NULL for a leaf */
  guint      line;
  guint      column;
} BmdGqlSelection;

typedef struct
{
  char        *name;
  char        *type;           /* as written, e.g. "[ID!]!" */
  gboolean     non_null;
  BmdGqlValue *default_value;  /* may be NULL */
  guint        line;
  guint        column;
} BmdGqlVariable;

typedef struct
{
  gboolean   is_mutation;
  char      *name;         /* may be NULL */
  GPtrArray *variables;    /* BmdGqlVariable* */
  GPtrArray *selections;
  guint      line;
  guint      column;
} BmdGqlOperation;

typedef struct
{
  char      *name;
  char      *type_condition;
  GPtrArray *selections;
  guint      line;
  guint      column;
} BmdGqlFragment;

typedef struct
{
  GPtrArray *operations;  /* BmdGqlOperation* */
  GPtrArray *fragments;   /* BmdGqlFragment* */
} BmdGqlDocument;

typedef struct
{
  char  *message;
  guint  line;
  guint  column;
} BmdGqlSyntaxError;

/* Returns NULL and fills @error_out (message, 1-based line/column) on a
 * syntax error. */
BmdGqlDocument *bmd_gql_parse          (const char        *text,
                                        BmdGqlSyntaxError *error_out);
void            bmd_gql_document_free  (BmdGqlDocument    *doc);
void            bmd_gql_syntax_error_clear (BmdGqlSyntaxError *error);

BmdGqlFragment *bmd_gql_document_find_fragment (BmdGqlDocument *doc,
                                                const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdGqlDocument, bmd_gql_document_free)

G_END_DECLS
