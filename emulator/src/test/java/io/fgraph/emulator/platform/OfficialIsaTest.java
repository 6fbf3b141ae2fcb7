package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.elf.ElfFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official RISC-V ISA tests (riscv-software-src/riscv-tests with its env submodule), physical-
 * memory single-core variants: every {@code rv64{ui,um,ua,uc,uf,ud,mi}-p-*} ELF in the directory
 * named by the system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT}
 * runs on the bare-metal platform and must write 1 to {@code tohost}. Skipped when neither is set:
 * the tests are built locally (docs/emulator.md says how), never committed.
 *
 * <p>{@link #KNOWN_FAILURES} lists the tests that cannot pass here and why; they must still fail, so
 * the list cannot go stale.
 */
class OfficialIsaTest {
    static final String PROPERTY = "riscv.tests.dir";
    static final String ENVIRONMENT = "FGRAPH_RISCV_TESTS";
    private static final Pattern NAME = Pattern.compile("rv64(ui|um|ua|uc|uf|ud|mi)-p-[A-Za-z0-9_-]+");
    /** Far more than the largest test needs (about 10^5 instructions), so a hang fails instead of blocking. */
    private static final long INSTRUCTION_LIMIT = 50_000_000;

    static final Map<String, String> KNOWN_FAILURES = Map.of(
            "rv64mi-p-pmpaddr", "assumes physical memory protection; the emulator implements zero PMP entries "
                    + "(the PMP CSRs read zero, which the privileged spec allows)");

    static String configuredDirectory() {
        return System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
    }

    static boolean configured() {
        String directory = configuredDirectory();
        return directory != null && !directory.isBlank();
    }

    @TestFactory
    @EnabledIf(value = "configured",
            disabledReason = "set -D" + PROPERTY + "=DIR or " + ENVIRONMENT + "=DIR to run the official ISA tests")
    Stream<DynamicTest> officialIsaTests() throws IOException {
        String configured = configuredDirectory();
        Path directory = Path.of(configured);
        assertTrue(Files.isDirectory(directory), PROPERTY + "=" + configured + ": not a directory");
        List<Path> tests;
        try (Stream<Path> files = Files.list(directory)) {
            tests = files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted()
                    .collect(Collectors.toList());
        }
        assertFalse(tests.isEmpty(), "no rv64*-p-* test in " + directory);
        return tests.stream().map(path -> {
            String name = path.getFileName().toString();
            String reason = KNOWN_FAILURES.get(name);
            return reason == null
                    ? DynamicTest.dynamicTest(name, () -> assertPasses(path))
                    : DynamicTest.dynamicTest(name + " (known failure: " + reason + ")", () -> assertStillFails(path));
        });
    }

    private static RunResult run(Path elfPath) throws Exception {
        ElfFile elf = ElfFile.parse(Files.readAllBytes(elfPath));
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults().withMaxInstructions(INSTRUCTION_LIMIT));
        return machine.run();
    }

    private static void assertPasses(Path elfPath) throws Exception {
        RunResult result = run(elfPath);
        assertEquals(StopReason.TOHOST_PASS, result.reason(), result.message());
    }

    private static void assertStillFails(Path elfPath) throws Exception {
        RunResult result = run(elfPath);
        assertEquals(StopReason.TOHOST_FAIL, result.reason(),
                "this test now passes: remove it from KNOWN_FAILURES (" + result.message() + ")");
    }
}
