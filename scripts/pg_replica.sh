#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL primary (127.0.0.1:5432) on 127.0.0.1:5433, for the replica tests.
#   scripts/pg_replica.sh start   create (pg_basebackup) or restart the replica; wait until it streams (idempotent)
#   scripts/pg_replica.sh halt    stop the replica server, keep its data (start resumes it)
#   scripts/pg_replica.sh stop    stop it and remove everything start created: data, slot, role, pg_hba line
#   scripts/pg_replica.sh status
# Runs as root (or postgres); the primary must accept local trust connections for user postgres.
set -euo pipefail

PRIMARY_PORT=${PUBDB_PRIMARY_PORT:-5432}
PORT=${PUBDB_REPLICA_PORT:-5433}
ROLE=pubdb_replicator
SLOT=pubdb_replica_${PORT}
DATA=${PUBDB_REPLICA_DATA:-/var/lib/postgresql/pubdb_replica_${PORT}}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
MARK="# pubdb replica ${PORT} (scripts/pg_replica.sh)"

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
primary_sql() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atqc "$1"; }
hba_file() { primary_sql "SHOW hba_file"; }
running() { pg_isready -h 127.0.0.1 -p "$PORT" -q; }

prepare_primary() {
  primary_sql "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
               CREATE ROLE $ROLE WITH REPLICATION LOGIN; END IF; END\$\$"
  local hba
  hba=$(hba_file)
  if ! grep -qF "$MARK" "$hba"; then
    # Prepended: pg_hba.conf is first-match, and this line only matches replication connections of our role.
    printf '%s\nhost replication %s 127.0.0.1/32 trust\n' "$MARK" "$ROLE" | cat - "$hba" > "$hba.pubdb" && cat "$hba.pubdb" > "$hba" && rm "$hba.pubdb"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
  fi
  if [ -z "$(primary_sql "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'")" ]; then
    primary_sql "SELECT pg_create_physical_replication_slot('$SLOT')" >/dev/null
  fi
}

create_replica() {
  rm -rf "$DATA"
  install -d -o postgres -g postgres -m 700 "$DATA"
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" -D "$DATA" -X stream -S "$SLOT" -R --checkpoint=fast
  # Debian keeps the primary's configuration in /etc, so the copy has none: write the replica's own.
  # A hot standby needs these limits at least as high as the primary's.
  local limits
  limits=$(primary_sql "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings WHERE name IN
           ('max_connections','max_worker_processes','max_wal_senders','max_prepared_transactions','max_locks_per_transaction')")
  as_postgres tee "$DATA/postgresql.conf" >/dev/null <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DATA'
hot_standby = on
hot_standby_feedback = on
logging_collector = off
$limits
CONF
  as_postgres tee "$DATA/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
}

start() {
  if running; then echo "replica already running on 127.0.0.1:$PORT"; return; fi
  prepare_primary
  [ -f "$DATA/standby.signal" ] || create_replica
  as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null || as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -W start >/dev/null
  # A hot standby opens once it has a snapshot of the primary's running transactions; a transaction on the
  # primary with very many savepoints (subtransaction overflow) holds that back until it ends.
  for _ in $(seq $((2 * ${PUBDB_REPLICA_WAIT:-180}))); do
    [ "$(primary_sql "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'walreceiver' AND state = 'streaming'
         AND client_port IS NOT NULL")" -gt 0 ] \
      && [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -Atqc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] \
      && { echo "replica streaming on 127.0.0.1:$PORT (slot $SLOT)"; return; }
    sleep 0.5
  done
  echo "replica did not open for reads within ${PUBDB_REPLICA_WAIT:-180}s; see $DATA/server.log." >&2
  echo "Open transactions on the primary (a long one with many savepoints delays a hot standby):" >&2
  primary_sql "SELECT pid, datname, state, now() - xact_start FROM pg_stat_activity
               WHERE xact_start < now() - interval '30 seconds' ORDER BY xact_start" >&2
  exit 1
}

halt() {
  if [ -f "$DATA/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
  echo "replica on 127.0.0.1:$PORT halted"
}

stop() {
  halt
  rm -rf "$DATA"
  primary_sql "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
  primary_sql "DROP ROLE IF EXISTS $ROLE"
  local hba
  hba=$(hba_file)
  if grep -qF "$MARK" "$hba"; then
    grep -vF -e "$MARK" -e "host replication $ROLE 127.0.0.1/32 trust" "$hba" > "$hba.pubdb" && cat "$hba.pubdb" > "$hba" && rm "$hba.pubdb"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
  fi
  echo "replica on 127.0.0.1:$PORT removed (data, slot, role, pg_hba line)"
}

status() {
  if running; then
    psql -h 127.0.0.1 -p "$PORT" -U postgres -Atqc "SELECT 'replica on $PORT: in recovery=' || pg_is_in_recovery() || ', replayed ' || pg_last_wal_replay_lsn()"
  else
    echo "replica on 127.0.0.1:$PORT is not running"; exit 3
  fi
}

case "${1:-}" in
  start|halt|stop|status) "$1" ;;
  *) echo "usage: $0 start|halt|stop|status" >&2; exit 2 ;;
esac
