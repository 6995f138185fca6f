# Sourced by benches/e2e.sh and benches/compare.sh: the configuration
# every benchmark runs inlet with.
#
# bench_config DIR BROKERS BINDS -> path of an inlet configuration in DIR:
# listening on 127.0.0.1 (any port), publishing to BROKERS ("discard",
# "embedded" or an address), the rental table of one number
# (+14035551234, account "bench") and one account "bench"/"bench" whose
# connection and bind limits leave room for BINDS binds.
bench_config() {
    local dir="$1" brokers="$2" binds="$3"
    local path="$dir/inlet-$RANDOM.toml"
    if [[ ! -f "$dir/assignments.csv" ]]; then
        cat > "$dir/assignments.csv" <<'CSV'
id,account,number,starts_at,ends_at,service,labels
1,bench,+14035551234,2025-01-01T00:00:00Z,,,
CSV
    fi
    cat > "$path" <<TOML
listen = "127.0.0.1:0"

[server]
node_id = 9
max_connections = $((binds + 1000))
max_connections_per_ip = $((binds + 1000))
enquire_link_secs = 600

[metrics]
listen = ""

[log]
level = "warn"

[kafka]
brokers = "$brokers"

[routing]
file = "$dir/assignments.csv"

[[accounts]]
system_id = "bench"
password = { insecure_plain = "bench" }
default_country = "US"
window = 1024
max_binds = $((binds + 100))
receipts = false
TOML
    echo "$path"
}
