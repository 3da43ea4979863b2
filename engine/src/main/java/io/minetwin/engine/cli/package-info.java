/**
 * The {@code minetwin} command line (picocli): one class per command or command group, e.g.
 * {@code RunCommand} and {@code DemoCommand}, which are thin commands over {@link io.minetwin.engine.runtime.Engine}; errors become one line on stderr and an exit
 * code ({@code CliException}, {@code ErrorHandler}).
 *
 * <p>Entry type: {@link io.minetwin.engine.cli.Main}.
 */
package io.minetwin.engine.cli;
