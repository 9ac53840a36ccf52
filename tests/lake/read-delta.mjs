// Reads a Delta table the way an independent reader does, from a local copy
// of its folder, and prints what it found as JSON on stdout:
//   node read-delta.mjs table DIR        replays DIR/_delta_log/*.json (add/remove)
//                                        and reads the live files with DuckDB:
//                                        {"version":N,"live":[…],"columns":[…],"rows":[[…],…]}
//   node read-delta.mjs checkpoint FILE  a checkpoint's actions, read by DuckDB:
//                                        {"adds":[…],"removes":[…],"metadata":[id, schemaString],
//                                         "protocol":[reader, writer]}
// Values are text as in read.mjs: timestamps µs since the epoch, decimals with
// two decimals. The log is parsed here, not by the app's reader.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [mode, target] = process.argv.slice(2)

function quote (text) {
  return "'" + text.replaceAll("'", "''") + "'"
}

function ident (name) {
  return '"' + name.replaceAll('"', '""') + '"'
}

async function connect () {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run("SET TimeZone = 'UTC'")
  return connection
}

async function readTable (dir) {
  const logDir = join(dir, '_delta_log')
  const commits = readdirSync(logDir).filter(n => /^\d{20}\.json$/.test(n)).sort()
  const live = new Set()
  commits.forEach((name, i) => {
    if (Number(name.slice(0, 20)) !== i)
      throw new Error(`the log has a gap at ${name}`)
    for (const line of readFileSync(join(logDir, name), 'utf8').split('\n')) {
      if (line.trim() === '')
        continue
      const action = JSON.parse(line)
      if (action.add)
        live.add(action.add.path)
      if (action.remove)
        live.delete(action.remove.path)
    }
  })
  const paths = [...live].sort()
  if (paths.length === 0)
    return { version: commits.length - 1, live: paths, columns: [], rows: [] }
  const connection = await connect()
  const source = `read_parquet([${paths.map(p => quote(join(dir, p))).join(', ')}])`
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
  const columns = []
  const select = []
  for (const [name, type] of described.getRows()) {
    columns.push(name)
    select.push(type.startsWith('TIMESTAMP')
      ? `CAST(epoch_us(${ident(name)}) AS VARCHAR)`
      : `CAST(${ident(name)} AS VARCHAR)`)
  }
  const reader = await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)
  return { version: commits.length - 1, live: paths, columns, rows: reader.getRows() }
}

async function readCheckpoint (file) {
  const connection = await connect()
  const source = `read_parquet(${quote(file)})`
  const column = async (sql) => (await connection.runAndReadAll(sql)).getRows()
  const adds = await column(`SELECT add.path FROM ${source} WHERE add IS NOT NULL ORDER BY 1`)
  const removes = await column(`SELECT remove.path FROM ${source} WHERE remove IS NOT NULL ORDER BY 1`)
  const metadata = await column(`SELECT metaData.id, metaData.schemaString FROM ${source} WHERE metaData IS NOT NULL`)
  const protocol = await column(`SELECT CAST(protocol.minReaderVersion AS VARCHAR), CAST(protocol.minWriterVersion AS VARCHAR)
                                 FROM ${source} WHERE protocol IS NOT NULL`)
  return {
    adds: adds.map(r => r[0]),
    removes: removes.map(r => r[0]),
    metadata: metadata[0] ?? null,
    protocol: protocol[0] ?? null,
  }
}

const modes = { table: readTable, checkpoint: readCheckpoint }
if (!modes[mode] || !target) {
  console.error('usage: node read-delta.mjs table DIR | checkpoint FILE')
  process.exit(2)
}
process.stdout.write(JSON.stringify(await modes[mode](target)))
