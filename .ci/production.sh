#!/usr/bin/env bash
# The production start test, without Docker: the built app laid out as the
# image lays it out (package.json, production dependencies only, dist), run on
# the image's Node (PRODUCTION_NODE; .ci/run passes Node 24) with exactly the
# environment docker/compose.yaml gives it (.ci/compose-env.mjs reads it, and
# fails when the test and the compose file disagree), against:
#   - a fresh PostgreSQL database owned by the compose file's owner role, with
#     the runtime role made by the compose file's own db init script;
#   - two standalone OpenID providers over HTTPS (.ci/standalone-idp.mjs),
#     standing in for ID-porten and the staff login.
# It checks that the app serves, runs no built-in test provider, signs a
# citizen and a staff member in end to end (.ci/production-check.mjs), that the
# runtime role cannot rewrite the audit trail, and that a start without any
# setting the compose file demands is refused. Needs PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust), openssl and a build in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_BIN="$(command -v "${PRODUCTION_NODE:-node}")"
HELPER_NODE="$(command -v node)"
PORT=3937          # the app; PORT+1 is where the built-in test provider would listen
IDPORTEN_PORT=3941
STAFF_PORT=3942
SMTP_PORT=3943     # nothing listens: the check sends no mail
FOLKEREGISTER_PORT=3943 # never listened on: no lookup happens here
PG_HOST=127.0.0.1
PG_PORT=5432
DB="tolkeregister_production_ci_$$"
MARK='tolkeregister CI production test (.ci/production.sh)'
CITIZEN_NAME='Kari Produksjon'
CITIZEN_PID='15819010029' # synthetic (month + 80)
STAFF_NAME='Siri Drift'
WORK="$(mktemp -d)"
LOG="$WORK/app.log"
pids=()
roles_made=()
group_made=""
started=$SECONDS

export PGOPTIONS='--client-min-messages=warning'
admin() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "${2:-postgres}" -c "$1"; }

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  admin "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" || true
  for role in "${roles_made[@]}"; do admin "DROP ROLE IF EXISTS \"$role\"" || true; done
  if [ -n "$group_made" ]; then admin "DROP ROLE IF EXISTS tolkeregister_app" || true; fi
  if [ $status -ne 0 ] && [ -f "$LOG" ]; then echo "--- app log (last 40 lines)"; tail -40 "$LOG"; fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT

fail() { echo "production: FAILED: $*" >&2; exit 1; }
listening() { curl -s -o /dev/null --max-time 2 "$1"; }

echo "production: Node $("$NODE_BIN" -v) for the app"
[ -f dist/src/main.js ] || fail "no build in dist/ (npm run build)"
for port in $PORT $((PORT + 1)) $IDPORTEN_PORT $STAFF_PORT; do
  if listening "http://127.0.0.1:$port/"; then fail "port $port is in use"; fi
done

# --- The operator's secrets, made the way the compose file says.
mkdir -p "$WORK/tls"
(
  cd "$WORK/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj '/CN=CI test CA' \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign' \
    -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=127.0.0.1' \
    -keyout idp.key -out idp.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext
  openssl x509 -req -in idp.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ext \
    -out idp.pem 2>/dev/null
)
card_key="$("$NODE_BIN" dist/src/cli.js cards keys generate)"
case "$card_key" in '{'*'"crv":"Ed25519"'*'}') ;; *) fail "cards keys generate printed: $card_key" ;; esac
secret() { openssl rand -hex "$1"; }
IDPORTEN_ISSUER="https://127.0.0.1:$IDPORTEN_PORT"
STAFF_ISSUER="https://127.0.0.1:$STAFF_PORT"
IDPORTEN_CLIENT_ID=tolkeregister-ci IDPORTEN_CLIENT_SECRET="$(secret 24)"
STAFF_CLIENT_ID=tolkeregister-staff-ci STAFF_CLIENT_SECRET="$(secret 24)"
operator=(
  POSTGRES_PASSWORD="$(secret 16)"
  APP_DB_PASSWORD="$(secret 16)"
  PUBLIC_BASE_URL="http://127.0.0.1:$PORT"
  IDPORTEN_ISSUER="$IDPORTEN_ISSUER"
  IDPORTEN_CLIENT_ID="$IDPORTEN_CLIENT_ID"
  IDPORTEN_CLIENT_SECRET="$IDPORTEN_CLIENT_SECRET"
  STAFF_ISSUER="$STAFF_ISSUER"
  STAFF_CLIENT_ID="$STAFF_CLIENT_ID"
  STAFF_CLIENT_SECRET="$STAFF_CLIENT_SECRET"
  CARD_SIGNING_KEYS="[$card_key]"
  SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  MAIL_FROM="Tolkeregisteret CI <ikke-svar@tolkeregister.invalid>"
  AUDIT_HMAC_KEY="$(openssl rand -base64 32)"
  REPORT_RECEIPT_PEPPER="$(openssl rand -base64 32)"
  REPORT_KEYS="r1:$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"
  # Nothing looks a person up in this test: an https address where nothing listens.
  FOLKEREGISTER_URL="https://127.0.0.1:$FOLKEREGISTER_PORT"
  FOLKEREGISTER_TOKEN="$(secret 24)"
)

# --- The app's environment, from the compose file and the Dockerfile.
env -i "${operator[@]}" "$HELPER_NODE" .ci/compose-env.mjs "$WORK/env" "$PG_HOST" "$PG_PORT" "$DB"
app_env=()
while IFS= read -r -d '' kv; do app_env+=("$kv"); done <"$WORK/env/app.env0"
db_env=()
while IFS= read -r -d '' kv; do db_env+=("$kv"); done <"$WORK/env/db.env0"
mapfile -t required <"$WORK/env/required"
# shellcheck source=/dev/null
. "$WORK/env/roles" # OWNER, RUNTIME
get() { local kv; for kv in "${app_env[@]}"; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done; }

# --- The image: what docker/Dockerfile's final stage holds.
[ "$(cat "$WORK/env/image")" = "package.json node_modules dist" ] ||
  fail "docker/Dockerfile's final stage copies $(cat "$WORK/env/image"): lay the image out alike here"
IMAGE="$WORK/image"
mkdir -p "$IMAGE"
cp package.json package-lock.json "$IMAGE/"
cp -r dist "$IMAGE/dist"
# npm prune --omit=dev on a copy of the installed tree (hard links where they
# can be: prune only unlinks, and the hidden lock file it rewrites goes first).
cp -al node_modules "$IMAGE/node_modules" 2>/dev/null || { rm -rf "$IMAGE/node_modules"; cp -a node_modules "$IMAGE/node_modules"; }
rm -f "$IMAGE/node_modules/.package-lock.json"
(cd "$IMAGE" && npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
rm "$IMAGE/package-lock.json" # the image copies package.json only

# --- The database: the owner the postgres image creates (here without
# superuser rights, as on a managed server), then the compose file's init scripts.
for role in "$OWNER" "$RUNTIME"; do
  note="$(admin "SELECT coalesce(shobj_description(oid, 'pg_authid'), '-') FROM pg_roles WHERE rolname = '$role'")"
  if [ -n "$note" ] && [ "$note" != "$MARK" ]; then fail "role $role exists on this server and is not this test's"; fi
done
for stale in $(admin "SELECT datname FROM pg_database WHERE datname LIKE 'tolkeregister\_production\_ci\_%'"); do
  admin "DROP DATABASE \"$stale\" WITH (FORCE)" >/dev/null
done
for role in "$RUNTIME" "$OWNER"; do admin "DROP ROLE IF EXISTS \"$role\"" >/dev/null; done
[ "$(admin "SELECT count(*) FROM pg_roles WHERE rolname = 'tolkeregister_app'")" = 0 ] && group_made=1
roles_made+=("$RUNTIME" "$OWNER")
admin "CREATE ROLE \"$OWNER\" LOGIN; COMMENT ON ROLE \"$OWNER\" IS '$MARK'" >/dev/null
admin "CREATE DATABASE \"$DB\" OWNER \"$OWNER\"" >/dev/null
for script in "$WORK"/env/db-init/*; do
  [ -e "$script" ] || continue
  # The image runs them as its superuser POSTGRES_USER; here that is postgres.
  case "$script" in
    *.sh) env -i PATH="$PATH" "${db_env[@]}" POSTGRES_USER=postgres POSTGRES_DB="$DB" \
      PGHOST="$PG_HOST" PGPORT="$PG_PORT" bash -e "$script" >/dev/null ;;
    *.sql) admin "$(cat "$script")" "$DB" >/dev/null ;;
    *) fail "db init script of unknown kind: $script" ;;
  esac
done
[ "$(admin "SELECT count(*) FROM pg_roles WHERE rolname = '$RUNTIME' AND rolcanlogin")" = 1 ] ||
  fail "the db init scripts did not create the login role $RUNTIME"
admin "COMMENT ON ROLE \"$RUNTIME\" IS '$MARK'" >/dev/null

grep -qs tolkeregister_app "$IMAGE"/dist/migrations/*.js ||
  fail "no migration grants tolkeregister_app its rights: the runtime role could do nothing"

# --- The providers, each a process of its own.
idp_config() { # kind port client_id client_secret provider accounts-json
  cat <<JSON
{"kind": "$1", "port": $2, "cert": "$WORK/tls/idp.pem", "key": "$WORK/tls/idp.key",
 "clients": [{"clientId": "$3", "clientSecret": "$4", "redirectUri": "http://127.0.0.1:$PORT/auth/$5/callback"}],
 "accounts": $6}
JSON
}
idp_config citizen "$IDPORTEN_PORT" "$IDPORTEN_CLIENT_ID" "$IDPORTEN_CLIENT_SECRET" idporten \
  "[{\"sub\": \"ci-citizen\", \"name\": \"$CITIZEN_NAME\", \"pid\": \"$CITIZEN_PID\"}]" >"$WORK/idporten.json"
idp_config staff "$STAFF_PORT" "$STAFF_CLIENT_ID" "$STAFF_CLIENT_SECRET" staff \
  "[{\"sub\": \"ci-staff\", \"name\": \"$STAFF_NAME\"}]" >"$WORK/staff.json"
for idp in idporten staff; do
  "$HELPER_NODE" .ci/standalone-idp.mjs "$WORK/$idp.json" >"$WORK/$idp.log" 2>&1 &
  pids+=($!)
done
for issuer in "$IDPORTEN_ISSUER" "$STAFF_ISSUER"; do
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null --cacert "$WORK/tls/ca.pem" "$issuer/.well-known/openid-configuration" && break
    sleep 0.1
  done
  curl -fs -o /dev/null --cacert "$WORK/tls/ca.pem" "$issuer/.well-known/openid-configuration" ||
    { cat "$WORK"/*.log; fail "provider $issuer did not start"; }
done

# --- The app. Test-only changes to its environment: HOST and PORT (the image
# listens on 0.0.0.0:3000), PATH, and the CA that signed the stand-ins' certificates.
run_app() { # extra env assignments, then: -- to unset keys
  local env_args=("${app_env[@]}" HOST=127.0.0.1 PORT="$PORT" NODE_EXTRA_CA_CERTS="$WORK/tls/ca.pem")
  local unset_args=() seen_dashes=""
  for arg in "$@"; do
    if [ "$arg" = -- ]; then seen_dashes=1; elif [ -n "$seen_dashes" ]; then unset_args+=(-u "$arg"); else env_args+=("$arg"); fi
  done
  cd "$IMAGE" && exec env -i PATH="$PATH" "${env_args[@]}" env "${unset_args[@]}" "$NODE_BIN" dist/src/main.js
}
(run_app) >"$LOG" 2>&1 &
app_pid=$!
pids+=("$app_pid")
for _ in $(seq 1 120); do
  listening "http://127.0.0.1:$PORT/health" && break
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited at start-up"
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" || fail "the app did not become healthy"
echo "production: app healthy $((SECONDS - started)) s after the start of this script"

# The first staff member, as an administrator adds them (the owner, in SQL).
admin "WITH u AS (INSERT INTO users (staff_subject, display_name) VALUES ('ci-staff', '$STAFF_NAME') RETURNING id)
       INSERT INTO user_roles (user_id, role) SELECT id, 'case_handler' FROM u" "$DB" >/dev/null

env APP_URL="http://127.0.0.1:$PORT" IDPORTEN_ISSUER="$IDPORTEN_ISSUER" STAFF_ISSUER="$STAFF_ISSUER" \
  CITIZEN_NAME="$CITIZEN_NAME" CITIZEN_PID="$CITIZEN_PID" STAFF_NAME="$STAFF_NAME" \
  NODE_EXTRA_CA_CERTS="$WORK/tls/ca.pem" "$HELPER_NODE" .ci/production-check.mjs

if listening "http://127.0.0.1:$((PORT + 1))/"; then fail "something listens on PORT+1 (the built-in test provider?)"; fi
if grep -q 'TEST identity provider' "$LOG"; then fail "the built-in test identity provider started"; fi
if grep -q "$CITIZEN_PID" "$LOG"; then fail "the citizen's identity number reached the log"; fi
[ ! -e "$IMAGE/data" ] || fail "production wrote a data folder"
runtime() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$RUNTIME" -d "$DB" -c "$1" 2>&1; }
[ "$(runtime "SELECT current_user")" = "$RUNTIME" ] || fail "cannot connect as $RUNTIME"
[ "$(runtime "SELECT count(*) > 0 FROM audit_events")" = t ] || fail "no audit events (logins are audited)"
for sql in "UPDATE audit_events SET action = action" "DELETE FROM audit_events" \
  "ALTER TABLE audit_events DISABLE TRIGGER USER" "CREATE TABLE ci_probe (id int)" \
  "CREATE TABLE pgboss.ci_probe (id int)"; do
  if out="$(runtime "$sql")"; then fail "the runtime role may: $sql"; fi
  case "$out" in *'permission denied'* | *'must be owner'*) ;; *) fail "$sql failed oddly: $out" ;; esac
done
[ "$(admin "SELECT usename FROM pg_stat_activity WHERE datname = '$DB' AND application_name <> 'psql' GROUP BY usename" "$DB")" = "$RUNTIME" ] ||
  fail "the app's connections are not all $RUNTIME"
echo "production: the app serves as $RUNTIME, which cannot change, delete or unprotect the audit trail"
# Docker stops a container with SIGTERM: Nest closes and re-raises the signal.
kill -TERM "$app_pid"
rc=0
wait "$app_pid" || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 143 ] || fail "the app exited with $rc on SIGTERM"

# --- Refusals: without each setting the compose file demands, the start fails
# with a message naming it, before listening.
refuse() { # expected-message-regex, then run_app arguments (-- KEY…)
  local want="$1" out="$WORK/refused.log" pid rc=0 what
  shift
  what="$*"
  what="${what#-- }"
  (run_app "$@") >"$out" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    if listening "http://127.0.0.1:$PORT/health"; then
      kill "$pid"
      fail "started without $what"
    fi
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && { kill "$pid"; fail "neither started nor stopped without $what"; }
  wait "$pid" || rc=$?
  [ $rc -ne 0 ] || fail "exit 0 without $what"
  grep -Eq "$want" "$out" || fail "start without $what failed, but not with /$want/: $(tail -5 "$out")"
}
for key in "${required[@]}"; do refuse "$key" -- "$key"; done
refuse 'required when NODE_ENV=production: .*CARD_SIGNING_KEYS' -- CARD_SIGNING_KEYS
refuse 'required when NODE_ENV=production: .*AUDIT_HMAC_KEY' -- AUDIT_HMAC_KEY
refuse 'required when NODE_ENV=production: .*REPORT_RECEIPT_PEPPER' -- REPORT_RECEIPT_PEPPER
refuse 'required when NODE_ENV=production: .*REPORT_KEYS' -- REPORT_KEYS
# Never the embedded database in production.
refuse 'required when NODE_ENV=production: .*DATABASE_URL' -- DATABASE_URL DATABASE_MIGRATION_URL
[ ! -e "$IMAGE/data" ] || fail "a refused start wrote a data folder"
echo "production: refused without each of ${required[*]}"
echo "production: ok in $((SECONDS - started)) s"
