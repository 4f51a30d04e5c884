# The modules' tunables for every run of the tests in this directory: the modules have no defaults of their own (the
# root's variables are their one source), so each module run must be given them. terraform test reads *.auto.tfvars
# of the test directory for every run of every file (root runs too); a run's or a file's own variables block wins.
# The values are the root's defaults (scripts/tests/defaults.test.mjs fails when they drift apart).
architecture                   = "arm64"
function_package               = "native"
memory_size                    = 256
timeout_seconds                = 10
log_retention_days             = 14
recording_retention_days       = 3
dvr_window_seconds             = 14400
cache_ttl_seconds              = 2
reconcile_interval_seconds     = 30
reconnect_window_seconds       = 60
events_max_receive_count       = 5
price_class                    = "PriceClass_100"
recording_playlist_ttl_seconds = 6
