package io.fgraph.jmh;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line, plus the project's JVM flags
 * for every forked benchmark JVM.
 *
 * <p>The flags come from the root pom's {@code fgraph.jvm.flags} property (the one place that
 * lists them), copied into {@code fgraph-jvm.properties} by Maven resource filtering. They are
 * prepended to any {@code -jvmArgsPrepend} given on the command line, so a user's
 * {@code -jvmArgsPrepend}/{@code -jvmArgsAppend} still comes later and wins.
 *
 * <pre>
 *   java -jar jmh/target/benchmarks.jar EmulatorBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
public final class BenchmarkMain {

    static final String FLAGS_RESOURCE = "/fgraph-jvm.properties";
    static final String FLAGS_KEY = "flags";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line:");
            System.err.println(" " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp()) {
            cmd.showHelp();
            return;
        }
        if (cmd.shouldListProfilers()) {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats()) {
            cmd.listResultFormats();
            return;
        }
        Runner runner = new Runner(withProjectFlags(cmd));
        if (cmd.shouldList()) {
            runner.list();
            return;
        }
        if (cmd.shouldListWithParams()) {
            runner.listWithParams(cmd);
            return;
        }
        try {
            Collection<RunResult> results = runner.run();
            if (results.isEmpty()) {
                System.err.println("No matching benchmarks. Miss-spelled regexp? Available:");
                runner.list();
                System.exit(1);
            }
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** The command line's options with the project's JVM flags in front of its {@code -jvmArgsPrepend}. */
    static Options withProjectFlags(CommandLineOptions cmd) {
        List<String> prepend = new ArrayList<>(projectFlags());
        prepend.addAll(cmd.getJvmArgsPrepend().orElse(List.of()));
        return new OptionsBuilder().parent(cmd).jvmArgsPrepend(prepend.toArray(new String[0])).build();
    }

    /** The flags of the root pom's {@code fgraph.jvm.flags}, split on white space. */
    static List<String> projectFlags() {
        Properties properties = new Properties();
        try (InputStream in = BenchmarkMain.class.getResourceAsStream(FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String flags = properties.getProperty(FLAGS_KEY, "").trim();
        if (flags.contains("${")) {
            throw new IllegalStateException(FLAGS_RESOURCE + " was not filtered by Maven: flags=" + flags);
        }
        return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
    }
}
