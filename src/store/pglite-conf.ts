/**
 * PostgreSQL settings for the embedded PGlite. shared_buffers defaults to 128 MB, all of it
 * WebAssembly memory that never shrinks; 16 MB (measured in issue 14 with PGlite 0.5.16: RSS after
 * a restart 287 → 159 MiB, 8 MB saves only 2 MiB more) is plenty for one municipality's concerns.
 * See https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS
 */
export const PGLITE_CONF = ['shared_buffers = 16MB'];
