// LanceDB's native module reads LANCEDB_LOG once, when it loads, and logs warnings by default:
// index builds print "KMeans: more than 10% of clusters are empty" and the like on stderr,
// which is noise for a user of cairn. open.ts and store.ts import this file before LanceDB, so only
// errors are printed unless LANCEDB_LOG (an env_logger filter, e.g. `warn` or `debug`) is set.
process.env.LANCEDB_LOG ??= 'error';
