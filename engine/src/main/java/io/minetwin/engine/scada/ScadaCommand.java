package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.PasswordHash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin scada}: helpers for the OPC UA server for SCADA systems. */
@Command(name = "scada",
        mixinStandardHelpOptions = true,
        description = "Helpers for the OPC UA server for SCADA systems (the 'scada' section of the configuration).",
        subcommands = {ScadaCommand.HashPassword.class})
public final class ScadaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code minetwin scada hash-password}: prints the password-hash line for a user. */
    @Command(name = "hash-password",
            mixinStandardHelpOptions = true,
            description = {"Print the password-hash of a SCADA user's password, for scada.users[].password-hash.",
                    "The password is read from the environment variable named by --password-env, else from the",
                    "console without echo, else from the first line of standard input."})
    public static final class HashPassword implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from this environment variable.")
        String passwordEnv;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String password;
            if (passwordEnv != null) {
                password = System.getenv(passwordEnv);
                if (password == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--password-env " + passwordEnv
                            + ": the variable is not set");
                }
            } else if (System.console() != null) {
                char[] p = System.console().readPassword("password: ");
                password = p == null ? "" : new String(p);
            } else {
                var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                password = line == null ? "" : line;
            }
            if (password.length() < 8) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "the password has " + password.length() + " characters; use at least 8");
            }
            out.println(PasswordHash.hash(password, new SecureRandom()));
            out.flush();
            return 0;
        }
    }
}
