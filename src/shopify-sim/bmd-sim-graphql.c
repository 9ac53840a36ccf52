#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-graphql.h"

#include <string.h>

/* Deeper nesting is garbage or an attack; either way refuse it rather than
 * recurse without bound. */
#define MAX_DEPTH 64

typedef enum
{
  TOK_EOF,
  TOK_PUNCT,   /* ! $ ( ) ... : = @ [ ] { | } */
  TOK_NAME,
  TOK_INT,
  TOK_FLOAT,
  TOK_STRING,
} TokKind;

typedef struct
{
  const char *text;
  const char *pos;
  guint       line;
  const char *line_start;

  TokKind     kind;
  char       *value;      /* owned; NAME, numbers, STRING contents, PUNCT text */
  guint       tok_line;
  guint       tok_column;

  BmdGqlSyntaxError *error;
  guint       depth;
} Parser;

static void
value_free (gpointer data)
{
  BmdGqlValue *value = data;

  if (value == NULL)
    return;
  g_free (value->text);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

static void
argument_free (gpointer data)
{
  BmdGqlArgument *arg = data;

  g_free (arg->name);
  value_free (arg->value);
  g_free (arg);
}

static void
selection_free (gpointer data)
{
  BmdGqlSelection *sel = data;

  g_free (sel->alias);
  g_free (sel->name);
  g_free (sel->type_condition);
  g_clear_pointer (&sel->arguments, g_ptr_array_unref);
  g_clear_pointer (&sel->selections, g_ptr_array_unref);
  g_free (sel);
}

static void
variable_free (gpointer data)
{
  BmdGqlVariable *var = data;

  g_free (var->name);
  g_free (var->type);
  value_free (var->default_value);
  g_free (var);
}

static void
operation_free (gpointer data)
{
  BmdGqlOperation *op = data;

  g_free (op->name);
  g_clear_pointer (&op->variables, g_ptr_array_unref);
  g_clear_pointer (&op->selections, g_ptr_array_unref);
  g_free (op);
}

static void
fragment_free (gpointer data)
{
  BmdGqlFragment *frag = data;

  g_free (frag->name);
  g_free (frag->type_condition);
  g_clear_pointer (&frag->selections, g_ptr_array_unref);
  g_free (frag);
}

void
bmd_gql_document_free (BmdGqlDocument *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->operations, g_ptr_array_unref);
  g_clear_pointer (&doc->fragments, g_ptr_array_unref);
  g_free (doc);
}

void
bmd_gql_syntax_error_clear (BmdGqlSyntaxError *error)
{
  g_clear_pointer (&error->message, g_free);
}

BmdGqlFragment *
bmd_gql_document_find_fragment (BmdGqlDocument *doc,
                                const char     *name)
{
  for (guint i = 0; i < doc->fragments->len; i++)
    {
      BmdGqlFragment *frag = g_ptr_array_index (doc->fragments, i);

      if (g_strcmp0 (frag->name, name) == 0)
        return frag;
    }
  return NULL;
}

static gboolean G_GNUC_PRINTF (2, 3)
fail (Parser     *p,
      const char *format,
      ...)
{
  va_list args;

  if (p->error->message != NULL)
    return FALSE;
  va_start (args, format);
  p->error->message = g_strdup_vprintf (format, args);
  va_end (args);
  p->error->line = p->tok_line;
  p->error->column = p->tok_column;
  return FALSE;
}

static const char *
describe_token (Parser *p)
{
  switch (p->kind)
    {
    case TOK_EOF:
      return "end of file";
    case TOK_STRING:
      return "string";
    default:
      return p->value;
    }
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gboolean
lex_string (Parser *p)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean block = g_str_has_prefix (p->pos, "\"\"\"");

  if (block)
    {
      p->pos += 3;
      for (;;)
        {
          if (*p->pos == '\0')
            return fail (p, "Unterminated string");
          if (g_str_has_prefix (p->pos, "\"\"\""))
            {
              p->pos += 3;
              break;
            }
          if (*p->pos == '\n')
            {
              p->line++;
              p->line_start = p->pos + 1;
            }
          g_string_append_c (out, *p->pos);
          p->pos++;
        }
      p->kind = TOK_STRING;
      p->value = g_string_free (g_steal_pointer (&out), FALSE);
      return TRUE;
    }

  p->pos++;
  for (;;)
    {
      char c = *p->pos;

      if (c == '\0' || c == '\n' || c == '\r')
        return fail (p, "Unterminated string");
      if (c == '"')
        {
          p->pos++;
          break;
        }
      if (c == '\\')
        {
          char e = p->pos[1];

          p->pos += 2;
          switch (e)
            {
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case '/': g_string_append_c (out, '/'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'u':
              {
                gunichar u = 0;

                for (int i = 0; i < 4; i++)
                  {
                    int d = g_ascii_xdigit_value (p->pos[i]);

                    if (d < 0)
                      return fail (p, "Bad unicode escape in string");
                    u = u * 16 + d;
                  }
                p->pos += 4;
                if (!g_unichar_validate (u))
                  return fail (p, "Bad unicode escape in string");
                g_string_append_unichar (out, u);
              }
              break;
            default:
              return fail (p, "Bad escape sequence in string");
            }
          continue;
        }
      g_string_append_c (out, c);
      p->pos++;
    }
  if (!g_utf8_validate (out->str, out->len, NULL))
    return fail (p, "String is not valid UTF-8");
  p->kind = TOK_STRING;
  p->value = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

static gboolean
lex_number (Parser *p)
{
  const char *start = p->pos;
  gboolean is_float = FALSE;

  if (*p->pos == '-')
    p->pos++;
  if (!g_ascii_isdigit (*p->pos))
    return fail (p, "Unexpected character \"-\"");
  while (g_ascii_isdigit (*p->pos))
    p->pos++;
  if (*p->pos == '.')
    {
      is_float = TRUE;
      p->pos++;
      if (!g_ascii_isdigit (*p->pos))
        return fail (p, "Invalid number");
      while (g_ascii_isdigit (*p->pos))
        p->pos++;
    }
  if (*p->pos == 'e' || *p->pos == 'E')
    {
      is_float = TRUE;
      p->pos++;
      if (*p->pos == '+' || *p->pos == '-')
        p->pos++;
      if (!g_ascii_isdigit (*p->pos))
        return fail (p, "Invalid number");
      while (g_ascii_isdigit (*p->pos))
        p->pos++;
    }
  if (is_name_start (*p->pos))
    return fail (p, "Invalid number");
  p->kind = is_float ? TOK_FLOAT : TOK_INT;
  p->value = g_strndup (start, p->pos - start);
  return TRUE;
}

/* Moves to the next token. */
static gboolean
advance (Parser *p)
{
  g_clear_pointer (&p->value, g_free);

  for (;;)
    {
      char c = *p->pos;

      if (c == '\n')
        {
          p->pos++;
          p->line++;
          p->line_start = p->pos;
        }
      else if (c == ' ' || c == '\t' || c == '\r' || c == ',')
        p->pos++;
      else if ((guchar) c == 0xEF && (guchar) p->pos[1] == 0xBB && (guchar) p->pos[2] == 0xBF)
        p->pos += 3;
      else if (c == '#')
        {
          while (*p->pos != '\0' && *p->pos != '\n')
            p->pos++;
        }
      else
        break;
    }

  p->tok_line = p->line;
  p->tok_column = (guint) (p->pos - p->line_start) + 1;

  if (*p->pos == '\0')
    {
      p->kind = TOK_EOF;
      return TRUE;
    }
  if (strchr ("!$()[]{}:=@|&", *p->pos) != NULL)
    {
      p->kind = TOK_PUNCT;
      p->value = g_strndup (p->pos, 1);
      p->pos++;
      return TRUE;
    }
  if (g_str_has_prefix (p->pos, "..."))
    {
      p->kind = TOK_PUNCT;
      p->value = g_strdup ("...");
      p->pos += 3;
      return TRUE;
    }
  if (is_name_start (*p->pos))
    {
      const char *start = p->pos;

      while (is_name_char (*p->pos))
        p->pos++;
      p->kind = TOK_NAME;
      p->value = g_strndup (start, p->pos - start);
      return TRUE;
    }
  if (*p->pos == '-' || g_ascii_isdigit (*p->pos))
    return lex_number (p);
  if (*p->pos == '"')
    return lex_string (p);

  if ((guchar) *p->pos < 0x20 || (guchar) *p->pos >= 0x7f)
    return fail (p, "Unexpected character (byte 0x%02x)", (guchar) *p->pos);
  return fail (p, "Unexpected character \"%c\"", *p->pos);
}

static gboolean
peek_punct (Parser     *p,
            const char *punct)
{
  return p->kind == TOK_PUNCT && strcmp (p->value, punct) == 0;
}

static gboolean
peek_name (Parser     *p,
           const char *name)
{
  return p->kind == TOK_NAME && strcmp (p->value, name) == 0;
}

static gboolean
expect_punct (Parser     *p,
              const char *punct)
{
  if (!peek_punct (p, punct))
    return fail (p, "Expected \"%s\", found %s", punct, describe_token (p));
  return advance (p);
}

static char *
expect_name (Parser *p)
{
  char *name;

  if (p->kind != TOK_NAME)
    {
      fail (p, "Expected a name, found %s", describe_token (p));
      return NULL;
    }
  name = g_steal_pointer (&p->value);
  if (!advance (p))
    {
      g_free (name);
      return NULL;
    }
  return name;
}

static gboolean
enter (Parser *p)
{
  if (++p->depth > MAX_DEPTH)
    return fail (p, "Document nests deeper than %d levels", MAX_DEPTH);
  return TRUE;
}

static BmdGqlValue *parse_value (Parser *p, gboolean is_const);

static GPtrArray *
parse_object_fields (Parser  *p,
                     gboolean is_const,
                     const char *close)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (argument_free);

  while (!peek_punct (p, close))
    {
      BmdGqlArgument *arg;
      guint line = p->tok_line, column = p->tok_column;
      g_autofree char *name = expect_name (p);

      if (name == NULL || !expect_punct (p, ":"))
        return NULL;
      arg = g_new0 (BmdGqlArgument, 1);
      arg->name = g_steal_pointer (&name);
      arg->line = line;
      arg->column = column;
      g_ptr_array_add (fields, arg);
      arg->value = parse_value (p, is_const);
      if (arg->value == NULL)
        return NULL;
    }
  if (!advance (p))
    return NULL;
  return g_steal_pointer (&fields);
}

static BmdGqlValue *
parse_value (Parser  *p,
             gboolean is_const)
{
  g_autofree BmdGqlValue *value = g_new0 (BmdGqlValue, 1);

  if (!enter (p))
    return NULL;

  if (peek_punct (p, "$"))
    {
      if (is_const)
        {
          fail (p, "Variables are not allowed in default values");
          return NULL;
        }
      if (!advance (p))
        return NULL;
      value->kind = BMD_GQL_VALUE_VARIABLE;
      value->text = expect_name (p);
      if (value->text == NULL)
        return NULL;
    }
  else if (peek_punct (p, "["))
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (value_free);

      if (!advance (p))
        return NULL;
      while (!peek_punct (p, "]"))
        {
          BmdGqlValue *item;

          if (p->kind == TOK_EOF)
            {
              fail (p, "Expected \"]\", found end of file");
              return NULL;
            }
          item = parse_value (p, is_const);
          if (item == NULL)
            return NULL;
          g_ptr_array_add (items, item);
        }
      if (!advance (p))
        return NULL;
      value->kind = BMD_GQL_VALUE_LIST;
      value->items = g_steal_pointer (&items);
    }
  else if (peek_punct (p, "{"))
    {
      if (!advance (p))
        return NULL;
      value->kind = BMD_GQL_VALUE_OBJECT;
      value->items = parse_object_fields (p, is_const, "}");
      if (value->items == NULL)
        return NULL;
    }
  else if (p->kind == TOK_INT || p->kind == TOK_FLOAT || p->kind == TOK_STRING)
    {
      value->kind = p->kind == TOK_INT ? BMD_GQL_VALUE_INT
                  : p->kind == TOK_FLOAT ? BMD_GQL_VALUE_FLOAT
                  : BMD_GQL_VALUE_STRING;
      value->text = g_steal_pointer (&p->value);
      if (!advance (p))
        {
          value_free (g_steal_pointer (&value));
          return NULL;
        }
    }
  else if (p->kind == TOK_NAME)
    {
      if (peek_name (p, "true") || peek_name (p, "false"))
        {
          value->kind = BMD_GQL_VALUE_BOOLEAN;
          value->boolean = peek_name (p, "true");
        }
      else if (peek_name (p, "null"))
        value->kind = BMD_GQL_VALUE_NULL;
      else
        {
          value->kind = BMD_GQL_VALUE_ENUM;
          value->text = g_strdup (p->value);
        }
      if (!advance (p))
        {
          value_free (g_steal_pointer (&value));
          return NULL;
        }
    }
  else
    {
      fail (p, "Expected a value, found %s", describe_token (p));
      return NULL;
    }

  p->depth--;
  return g_steal_pointer (&value);
}

static GPtrArray *
parse_arguments (Parser *p)
{
  if (!peek_punct (p, "("))
    return g_ptr_array_new_with_free_func (argument_free);
  if (!advance (p))
    return NULL;
  if (peek_punct (p, ")"))
    {
      fail (p, "Expected an argument name, found \")\"");
      return NULL;
    }
  return parse_object_fields (p, FALSE, ")");
}

static gboolean
skip_directives (Parser *p)
{
  /* Directives (@include, @skip) are outside the subset. */
  if (peek_punct (p, "@"))
    return fail (p, "Directives are not supported");
  return TRUE;
}

static GPtrArray *parse_selection_set (Parser *p);

static BmdGqlSelection *
parse_selection (Parser *p)
{
  BmdGqlSelection *sel;
  guint line = p->tok_line, column = p->tok_column;

  if (peek_punct (p, "..."))
    {
      if (!advance (p))
        return NULL;
      if (p->kind == TOK_NAME && !peek_name (p, "on"))
        {
          g_autofree char *name = expect_name (p);

          if (name == NULL || !skip_directives (p))
            return NULL;
          sel = g_new0 (BmdGqlSelection, 1);
          sel->kind = BMD_GQL_FRAGMENT_SPREAD;
          sel->name = g_steal_pointer (&name);
          sel->arguments = g_ptr_array_new_with_free_func (argument_free);
          sel->line = line;
          sel->column = column;
          return sel;
        }
      sel = g_new0 (BmdGqlSelection, 1);
      sel->kind = BMD_GQL_INLINE_FRAGMENT;
      sel->arguments = g_ptr_array_new_with_free_func (argument_free);
      sel->line = line;
      sel->column = column;
      if (peek_name (p, "on"))
        {
          if (!advance (p) || (sel->type_condition = expect_name (p)) == NULL)
            {
              selection_free (sel);
              return NULL;
            }
        }
      if (!skip_directives (p) ||
          (sel->selections = parse_selection_set (p)) == NULL)
        {
          selection_free (sel);
          return NULL;
        }
      return sel;
    }

  sel = g_new0 (BmdGqlSelection, 1);
  sel->kind = BMD_GQL_FIELD;
  sel->line = line;
  sel->column = column;
  sel->name = expect_name (p);
  if (sel->name == NULL)
    goto error;
  if (peek_punct (p, ":"))
    {
      if (!advance (p))
        goto error;
      sel->alias = g_steal_pointer (&sel->name);
      sel->name = expect_name (p);
      if (sel->name == NULL)
        goto error;
    }
  sel->arguments = parse_arguments (p);
  if (sel->arguments == NULL || !skip_directives (p))
    goto error;
  if (peek_punct (p, "{"))
    {
      sel->selections = parse_selection_set (p);
      if (sel->selections == NULL)
        goto error;
    }
  return sel;

error:
  selection_free (sel);
  return NULL;
}

static GPtrArray *
parse_selection_set (Parser *p)
{
  g_autoptr(GPtrArray) selections = g_ptr_array_new_with_free_func (selection_free);

  if (!enter (p) || !expect_punct (p, "{"))
    return NULL;
  if (peek_punct (p, "}"))
    {
      fail (p, "Expected a field, found \"}\"");
      return NULL;
    }
  while (!peek_punct (p, "}"))
    {
      BmdGqlSelection *sel = parse_selection (p);

      if (sel == NULL)
        return NULL;
      g_ptr_array_add (selections, sel);
    }
  if (!advance (p))
    return NULL;
  p->depth--;
  return g_steal_pointer (&selections);
}

static char *
parse_type (Parser   *p,
            gboolean *non_null)
{
  g_autoptr(GString) type = g_string_new (NULL);
  g_autofree char *inner = NULL;
  gboolean inner_non_null;

  if (!enter (p))
    return NULL;
  if (peek_punct (p, "["))
    {
      if (!advance (p) || (inner = parse_type (p, &inner_non_null)) == NULL ||
          !expect_punct (p, "]"))
        return NULL;
      g_string_append_printf (type, "[%s]", inner);
    }
  else
    {
      inner = expect_name (p);
      if (inner == NULL)
        return NULL;
      g_string_append (type, inner);
    }
  *non_null = FALSE;
  if (peek_punct (p, "!"))
    {
      if (!advance (p))
        return NULL;
      g_string_append_c (type, '!');
      *non_null = TRUE;
    }
  p->depth--;
  return g_string_free (g_steal_pointer (&type), FALSE);
}

static GPtrArray *
parse_variable_definitions (Parser *p)
{
  g_autoptr(GPtrArray) vars = g_ptr_array_new_with_free_func (variable_free);

  if (!peek_punct (p, "("))
    return g_steal_pointer (&vars);
  if (!advance (p))
    return NULL;
  while (!peek_punct (p, ")"))
    {
      BmdGqlVariable *var;
      guint line = p->tok_line, column = p->tok_column;

      if (!expect_punct (p, "$"))
        return NULL;
      var = g_new0 (BmdGqlVariable, 1);
      var->line = line;
      var->column = column;
      g_ptr_array_add (vars, var);
      if ((var->name = expect_name (p)) == NULL || !expect_punct (p, ":") ||
          (var->type = parse_type (p, &var->non_null)) == NULL)
        return NULL;
      if (peek_punct (p, "="))
        {
          if (!advance (p) || (var->default_value = parse_value (p, TRUE)) == NULL)
            return NULL;
        }
      if (!skip_directives (p))
        return NULL;
    }
  if (!advance (p))
    return NULL;
  return g_steal_pointer (&vars);
}

static gboolean
parse_definition (Parser         *p,
                  BmdGqlDocument *doc)
{
  guint line = p->tok_line, column = p->tok_column;

  if (peek_punct (p, "{"))
    {
      BmdGqlOperation *op = g_new0 (BmdGqlOperation, 1);

      op->line = line;
      op->column = column;
      op->variables = g_ptr_array_new_with_free_func (variable_free);
      g_ptr_array_add (doc->operations, op);
      op->selections = parse_selection_set (p);
      return op->selections != NULL;
    }
  if (peek_name (p, "query") || peek_name (p, "mutation"))
    {
      BmdGqlOperation *op = g_new0 (BmdGqlOperation, 1);

      op->line = line;
      op->column = column;
      op->is_mutation = peek_name (p, "mutation");
      g_ptr_array_add (doc->operations, op);
      if (!advance (p))
        return FALSE;
      if (p->kind == TOK_NAME && (op->name = expect_name (p)) == NULL)
        return FALSE;
      if ((op->variables = parse_variable_definitions (p)) == NULL ||
          !skip_directives (p))
        return FALSE;
      op->selections = parse_selection_set (p);
      return op->selections != NULL;
    }
  if (peek_name (p, "fragment"))
    {
      BmdGqlFragment *frag = g_new0 (BmdGqlFragment, 1);

      frag->line = line;
      frag->column = column;
      g_ptr_array_add (doc->fragments, frag);
      if (!advance (p) || (frag->name = expect_name (p)) == NULL)
        return FALSE;
      if (g_strcmp0 (frag->name, "on") == 0)
        return fail (p, "Fragment name cannot be \"on\"");
      if (!peek_name (p, "on"))
        return fail (p, "Expected \"on\", found %s", describe_token (p));
      if (!advance (p) || (frag->type_condition = expect_name (p)) == NULL ||
          !skip_directives (p))
        return FALSE;
      frag->selections = parse_selection_set (p);
      return frag->selections != NULL;
    }
  if (peek_name (p, "subscription"))
    return fail (p, "Subscriptions are not supported");
  return fail (p, "Expected a query, mutation or fragment, found %s", describe_token (p));
}

BmdGqlDocument *
bmd_gql_parse (const char        *text,
               BmdGqlSyntaxError *error_out)
{
  g_autoptr(BmdGqlDocument) doc = g_new0 (BmdGqlDocument, 1);
  Parser p = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error_out != NULL, NULL);

  error_out->message = NULL;
  doc->operations = g_ptr_array_new_with_free_func (operation_free);
  doc->fragments = g_ptr_array_new_with_free_func (fragment_free);

  p.text = text;
  p.pos = text;
  p.line = 1;
  p.line_start = text;
  p.error = error_out;

  if (!g_utf8_validate (text, -1, NULL))
    {
      p.tok_line = 1;
      p.tok_column = 1;
      fail (&p, "Document is not valid UTF-8");
      return NULL;
    }

  if (!advance (&p))
    ok = FALSE;
  else if (p.kind == TOK_EOF)
    ok = fail (&p, "Unexpected end of document");
  while (ok && p.kind != TOK_EOF)
    ok = parse_definition (&p, doc);

  g_clear_pointer (&p.value, g_free);
  if (!ok)
    return NULL;
  return g_steal_pointer (&doc);
}
