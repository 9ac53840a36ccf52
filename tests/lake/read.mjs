// Reads a Parquet file with an independent reader and prints what it found
// as JSON on stdout, every value as text, for the C tests to compare with
// their literals:
//   node read.mjs duckdb FILE            {"columns":[…],"types":[…],"rows":[[…],…]}
//   node read.mjs hyparquet FILE         the same shape, read by hyparquet
//   node read.mjs duckdb-metadata FILE   {"columns":[…],"schema":[…]} from parquet_metadata()/parquet_schema()
//   node read.mjs duckdb-scan FILE       {"rows":N,"ms":…}: the time DuckDB takes to load the whole file
// Text forms: timestamps as µs since the epoch, dates YYYY-MM-DD, decimals
// with two decimals, integers in base 10, booleans true/false; nested values
// as JSON. A missing reader package makes this exit non-zero.
import { readFileSync } from 'node:fs'

const [mode, file] = process.argv.slice(2)
if (!mode || !file) {
  console.error('usage: node read.mjs duckdb|hyparquet|duckdb-metadata FILE')
  process.exit(2)
}

function quote (text) {
  return "'" + text.replaceAll("'", "''") + "'"
}

function ident (name) {
  return '"' + name.replaceAll('"', '""') + '"'
}

async function duckdb (sql) {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run("SET TimeZone = 'UTC'")
  return connection
}

async function readDuckdb () {
  const connection = await duckdb()
  const source = `read_parquet(${quote(file)})`
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
  const columns = []
  const types = []
  const select = []
  for (const [name, type] of described.getRows()) {
    columns.push(name)
    types.push(type)
    if (type.startsWith('TIMESTAMP'))
      select.push(`CAST(epoch_us(${ident(name)}) AS VARCHAR)`)
    else if (type.startsWith('STRUCT') || type.startsWith('MAP') || type.endsWith('[]'))
      select.push(`CAST(to_json(${ident(name)}) AS VARCHAR)`)
    else
      select.push(`CAST(${ident(name)} AS VARCHAR)`)
  }
  const reader = await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)
  return { columns, types, rows: reader.getRows() }
}

async function readDuckdbMetadata () {
  const connection = await duckdb()
  const meta = await connection.runAndReadAll(
    `SELECT row_group_id, path_in_schema, type, num_values, compression,
            CAST(encodings AS VARCHAR), stats_min_value, stats_max_value, stats_null_count,
            CAST(dictionary_page_offset IS NOT NULL AS VARCHAR)
     FROM parquet_metadata(${quote(file)}) ORDER BY row_group_id, column_id`)
  const schema = await connection.runAndReadAll(
    `SELECT name, type, repetition_type, converted_type, CAST(scale AS VARCHAR), CAST(precision AS VARCHAR),
            CAST(type_length AS VARCHAR), logical_type
     FROM parquet_schema(${quote(file)})`)
  const text = (v) => v === null ? null : String(v)
  return {
    columns: meta.getRows().map(r => r.map(text)),
    schema: schema.getRows().map(r => r.map(text)),
  }
}

function textOf (value, element) {
  if (value === null || value === undefined)
    return null
  const converted = element.converted_type
  if (converted === 'DECIMAL')
    return Number(value).toFixed(2)
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean')
    return String(value)
  if (typeof value === 'string')
    return value
  // Nested values as JSON with 64-bit integers as plain numbers, as DuckDB prints them.
  return JSON.stringify(value, (k, v) => typeof v === 'bigint' ? `\u0000big${v}\u0000` : v)
    .replace(/"\\u0000big(-?[0-9]+)\\u0000"/g, '$1')
}

async function readHyparquet () {
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import('hyparquet')
  const { compressors } = await import('hyparquet-compressors')
  const buffer = readFileSync(file)
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
  const metadata = parquetMetadata(arrayBuffer)
  const top = parquetSchema(metadata).children
  const parsers = {
    timestampFromMicroseconds: (micros) => String(micros),
    dateFromDays: (days) => new Date(days * 86400000).toISOString().slice(0, 10),
  }
  const objects = await parquetReadObjects({ file: arrayBuffer, compressors, parsers })
  const columns = top.map(c => c.element.name)
  return {
    columns,
    types: top.map(c => c.element.converted_type ?? c.element.type ?? 'GROUP'),
    rows: objects.map(o => top.map(c => textOf(o[c.element.name], c.element))),
  }
}

async function scanDuckdb () {
  const connection = await duckdb()
  const start = performance.now()
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${quote(file)})`)
  const ms = performance.now() - start
  const counted = await connection.runAndReadAll('SELECT COUNT(*) FROM t')
  return { rows: Number(counted.getRows()[0][0]), ms }
}

const readers = {
  duckdb: readDuckdb,
  hyparquet: readHyparquet,
  'duckdb-metadata': readDuckdbMetadata,
  'duckdb-scan': scanDuckdb,
}
if (!readers[mode]) {
  console.error(`read.mjs: no reader ${mode}`)
  process.exit(2)
}
const result = await readers[mode]()
process.stdout.write(JSON.stringify(result))
