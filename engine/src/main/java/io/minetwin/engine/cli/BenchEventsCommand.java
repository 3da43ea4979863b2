package io.minetwin.engine.cli;

import io.minetwin.engine.bench.EventsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minetwin bench events}: {@code GET /api/alerts} on a large event log, against a full scan of it. */
@Command(name = "events",
        mixinStandardHelpOptions = true,
        description = {"Build an event log of two years of a 200-asset fleet (alerts, gaps, audit, maintenance,"
                + " failures) in a RocksDB store, serve it through the REST API on 127.0.0.1 and time GET /api/alerts"
                + " (open alerts, the default) and GET /api/alerts?state=all per request, against the read made"
                + " before the log had an index (the whole log scanned and folded) measured in the same run.",
                "Prints api_alerts_open_p50_ms, api_alerts_open_p99_ms, baseline_full_scan_p50_ms and their ratio."})
final class BenchEventsCommand extends WorkDirBenchCommand {

    @Option(names = "--events", paramLabel = "N", defaultValue = "" + EventsBenchmark.DEFAULT_EVENTS,
            description = "Events in the log (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--requests", paramLabel = "Q", defaultValue = "" + EventsBenchmark.DEFAULT_REQUESTS,
            description = "Requests of GET /api/alerts timed, after 50 not timed (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--baseline-runs", paramLabel = "R", defaultValue = "" + EventsBenchmark.DEFAULT_BASELINE_RUNS,
            description = "Full scans timed for the baseline (default: ${DEFAULT-VALUE}).")
    int baselineRuns;

    @Option(names = "--seed", defaultValue = "" + EventsBenchmark.DEFAULT_SEED,
            description = "Seed of the generated log (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        requireAtLeastOne("--events, --requests and --baseline-runs", events, requests, baselineRuns);
        return runAndPrint("bench events",
                work -> EventsBenchmark.run(work, events, requests, baselineRuns, seed).figures());
    }
}
