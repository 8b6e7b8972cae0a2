#!/bin/sh
# One-shot: waits for the Connect worker's REST API, then creates the demo connector.
# Usage: deploy.sh <connect-url> <connector.json>
set -eu
CONNECT_URL=${1:-http://connect:8083}
CONNECTOR_JSON=${2:-/demo-connector.json}

echo "waiting for Kafka Connect at $CONNECT_URL ..."
i=0
until curl -fsS "$CONNECT_URL/connector-plugins" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 120 ]; then
    echo "Kafka Connect did not come up within 4 minutes" >&2
    exit 1
  fi
  sleep 2
done

status=$(curl -sS -o /tmp/response -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data @"$CONNECTOR_JSON" "$CONNECT_URL/connectors")
case "$status" in
  201) echo "connector created"; cat /tmp/response; echo ;;
  409) echo "connector already exists: left as it is" ;;
  *) echo "creating the connector failed with HTTP $status:" >&2; cat /tmp/response >&2; echo >&2; exit 1 ;;
esac
