package io.minetwin.engine.cli;

import picocli.CommandLine.Option;

/** The {@code --json} flag every command that prints figures or lists shares. */
final class JsonOption {
    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean enabled;
}
