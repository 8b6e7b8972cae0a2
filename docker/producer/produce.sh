#!/bin/sh
# Demo producer for docker-compose.yml: the classic Plotly streaming example and three sensors.
#  - topic demo-waves,   keys wave-1..3:   y = cos(k*i/50) * cos(i/50) + noise, ~10 records/s per key
#  - topic demo-sensors, keys sensor-1..3: temperature and humidity as a bounded random walk, ~10/s per key
# x is the record timestamp (the wall clock at send time), so the plots show real time.
# Usage: produce.sh <bootstrap-servers>
set -eu
BOOTSTRAP=${1:-kafka:9092}
KAFKA_BIN=/opt/kafka/bin

waves() {
  awk 'BEGIN {
    srand();
    for (i = 0; ; i++) {
      for (k = 1; k <= 3; k++) {
        y = cos(k * i / 50) * cos(i / 50) + (rand() - 0.5) * 0.1;
        printf "wave-%d|{\"y\":%.5f,\"text\":\"k=%d i=%d\"}\n", k, y, k, i;
      }
      fflush();
      system("sleep 0.1");
    }
  }'
}

sensors() {
  awk 'BEGIN {
    srand();
    for (s = 1; s <= 3; s++) { t[s] = 19 + 2 * s; h[s] = 40 + 5 * s; }
    for (i = 0; ; i++) {
      for (s = 1; s <= 3; s++) {
        # a random walk pulled back toward its base, so readings stay realistic
        t[s] += (rand() - 0.5) * 0.2 - (t[s] - (19 + 2 * s)) * 0.01;
        h[s] += (rand() - 0.5) * 0.6 - (h[s] - (40 + 5 * s)) * 0.01;
        printf "sensor-%d|{\"y\":%.2f,\"temperature\":%.2f,\"humidity\":%.1f,\"text\":\"sensor-%d: %.2f C, %.1f %% RH\"}\n", s, t[s], t[s], h[s], s, t[s], h[s];
      }
      fflush();
      system("sleep 0.1");
    }
  }'
}

produce() {
  topic=$1
  "$KAFKA_BIN/kafka-console-producer.sh" --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
    --property parse.key=true --property key.separator='|' > /dev/null
}

echo "producing to demo-waves and demo-sensors on $BOOTSTRAP (Ctrl-C or docker compose down to stop)"
waves | produce demo-waves &
sensors | produce demo-sensors &
wait
