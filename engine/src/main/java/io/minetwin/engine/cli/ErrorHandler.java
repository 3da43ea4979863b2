package io.minetwin.engine.cli;

import io.minetwin.engine.config.ConfigException;
import io.minetwin.store.StoreException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr: user mistakes and I/O problems without a stack trace,
 * anything unexpected with one (that is a bug to report).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        var err = cli.getErr();
        if (ex instanceof CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        }
        if (ex instanceof IllegalArgumentException || ex instanceof StoreException || ex instanceof ConfigException
                || ex instanceof UncheckedIOException) {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        err.println("error: unexpected failure in '" + cli.getCommandName() + "': " + ex);
        ex.printStackTrace(err);
        return 1;
    }
}
