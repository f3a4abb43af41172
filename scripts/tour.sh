#!/usr/bin/env bash
# A client's tour of the running platform: drives every table and Redis key of the seed into existence over HTTP,
# then shows them with psql and redis-cli. Run it against the one-command local run (./mvnw -pl platform
# spring-boot:run or java -jar); needs curl, jq, psql and redis-cli.
#   scripts/tour.sh [base-url]   (default http://localhost:8080; PG on 15432, Redis on 16379 as the local run prints)
# The node endpoints take the node fleet's service credentials: NODES_SECRET=<the client_secret the local run printed
# for dev-nodes>; without it that step is skipped.
set -euo pipefail
API=${1:-http://localhost:8080}/api/v1
PSQL=(psql "postgresql://postgres@127.0.0.1:${PGPORT:-15432}/darktower" -At)
export PGPASSWORD=${PGPASSWORD:-postgres}
REDIS=(redis-cli -p "${REDIS_PORT:-16379}")
run=$(date +%s)

post() { curl -fsS -X "$1" "$API$2" -H 'Content-Type: application/json' "${@:4}" ${3:+-d "$3"}; }
# a token from the token endpoint: password grant for a user, client credentials for a service
token() { curl -fsS -X POST "$API/auth/token" "$@" | jq -r .access_token; }
step() { printf '\n== %s\n' "$*"; }
# what reads the read model (sign-in by email, heartbeats of a participant, a key's use) waits for the projections
eventually() { for _ in $(seq 40); do if "$@" 2>/dev/null; then return 0; fi; sleep 0.25; done; "$@"; }

step "register a host and sign in for a token (users; audit_logs; gateway.refresh_tokens)"
host=$(post POST /users "{\"email\":\"host-$run@example.com\",\"displayName\":\"Host\",\"password\":\"correct horse battery\"}" | jq -r .userId)
HOST=(-H "Authorization: Bearer $(token -d grant_type=password -d "username=host-$run@example.com" --data-urlencode 'password=correct horse battery')")
curl -s -o /dev/null -w 'wrong password -> %{http_code}\n' -X POST "$API/users/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"host-$run@example.com\",\"password\":\"wrong\"}"
post PUT "/users/$host/oauth/github" '{"providerUserId":"gh-'$run'","accessToken":"gho_secret","refreshToken":"ghr_secret"}' "${HOST[@]}"
echo "host $host"

step "issue and use an API key (api_keys, last_used_at)"
secret=$(post POST "/users/$host/api-keys" '{"name":"ci","scopes":["meetings:create","meetings:read"]}' "${HOST[@]}" | jq -r .secret)
eventually curl -fsS "$API/api-keys/self" -H "Authorization: Bearer $secret" | jq -c .

step "register a meeting controller and a media handler, heartbeat (meeting_controllers, media_handlers, controller:{id}:capacity)"
if [ -n "${NODES_SECRET:-}" ]; then
  NODES=(-H "Authorization: Bearer $(token -d grant_type=client_credentials -d client_id=dev-nodes -d "client_secret=$NODES_SECRET")")
  post PUT "/controllers/mc-tour-$run" '{"region":"local","endpoint":"https://mc.local:4433","maxMeetings":100,"maxParticipants":1000}' "${NODES[@]}"
  post PUT "/media-handlers/mh-tour-$run" '{"region":"local","endpoint":"https://mh.local:4433","maxStreams":500,"maxBitrateMbps":1000}' "${NODES[@]}"
  eventually post POST "/controllers/mc-tour-$run/heartbeat" '{"currentMeetings":1,"currentParticipants":2}' "${NODES[@]}"
  eventually post POST "/media-handlers/mh-tour-$run/heartbeat" '{"currentStreams":1,"currentBitrateMbps":3}' "${NODES[@]}"
else
  echo "skipped: set NODES_SECRET to the client_secret the local run printed for dev-nodes"
fi

step "create a meeting with a waiting room that allows recording (meetings, meeting:{id})"
meeting=$(post POST /meetings '{"displayName":"Tour","settings":{"waitingRoom":true,"allowRecording":true}}' "${HOST[@]}" | jq -r .meetingId)
echo "meeting $meeting"
hostp=$(post POST "/meetings/$meeting/participants" '{"displayName":"Host"}' "${HOST[@]}" | jq -r .participantId)
# a guest: a guest token for this meeting, then the join answers the guest's join token (it acts as that participant)
guestToken=$(curl -fsS -X POST "$API/auth/guest" -H 'Content-Type: application/json' -d "{\"meetingId\":\"$meeting\"}" | jq -r .access_token)
guestJoin=$(post POST "/meetings/$meeting/participants" '{"displayName":"Guest","clientVersion":"tour-1"}' -H "Authorization: Bearer $guestToken")
guest=$(jq -r .participantId <<<"$guestJoin")
GUEST=(-H "Authorization: Bearer $(jq -r .joinToken <<<"$guestJoin")")
sleep 1
post POST "/meetings/$meeting/participants/$guest/admit" "" "${HOST[@]}"
post PATCH "/meetings/$meeting" '{"displayName":"Tour (renamed)"}' "${HOST[@]}"

step "publish and subscribe (stream:{id}, participant:{id}:subscriptions), heartbeat (presence:{id})"
stream=$(post POST "/meetings/$meeting/participants/$hostp/streams" '{"streamType":"video_camera","codec":"VP9","maxBitrate":2500000}' "${HOST[@]}" | jq -r .streamId)
sleep 1
post PUT "/meetings/$meeting/participants/$guest/subscriptions/$stream" "" "${GUEST[@]}"
eventually post POST "/meetings/$meeting/participants/$hostp/heartbeat" "" "${HOST[@]}"
eventually post POST "/meetings/$meeting/participants/$guest/heartbeat" "" "${GUEST[@]}"

step "record (recordings)"
recording=$(post POST "/meetings/$meeting/recordings" "" "${HOST[@]}" | jq -r .recordingId)
curl -fsS "$API/meetings/$meeting" "${HOST[@]}" >/dev/null || true   # fills cache:meeting:{id}
sleep 2
curl -fsS "$API/meetings/$meeting" "${HOST[@]}" | jq -c '{displayName, status, assignedControllerId, participantCount}'

step "what PostgreSQL holds"
"${PSQL[@]}" -c "SELECT 'users', count(*) FROM users WHERE email = 'host-$run@example.com'
  UNION ALL SELECT 'oauth_providers', count(*) FROM oauth_providers WHERE user_id = '$host'
  UNION ALL SELECT 'api_keys', count(*) FROM api_keys WHERE user_id = '$host' AND last_used_at IS NOT NULL
  UNION ALL SELECT 'meetings', count(*) FROM meetings WHERE meeting_id = '$meeting'
  UNION ALL SELECT 'meeting_participants', count(*) FROM meeting_participants WHERE meeting_id = '$meeting'
  UNION ALL SELECT 'recordings', count(*) FROM recordings WHERE recording_id = '$recording'
  UNION ALL SELECT 'meeting_controllers', count(*) FROM meeting_controllers WHERE controller_id = 'mc-tour-$run'
  UNION ALL SELECT 'media_handlers', count(*) FROM media_handlers WHERE handler_id = 'mh-tour-$run'
  UNION ALL SELECT 'audit_logs', count(*) FROM audit_logs WHERE target_id IN ('$meeting', '$host', '$recording')"

step "what Redis holds"
for key in "meeting:$meeting" "meeting:$meeting:participants" "participant:$hostp" "participant:$guest:subscriptions" \
           "stream:$stream" "presence:$hostp" "controller:mc-tour-$run:capacity" "cache:meeting:$meeting"; do
  printf '%-60s type=%-6s ttl=%s\n' "$key" "$("${REDIS[@]}" type "$key")" "$("${REDIS[@]}" ttl "$key")"
done

step "end: everyone leaves with meeting_ended, the recording stops"
post POST "/meetings/$meeting/end" "" "${HOST[@]}" | jq -c .
