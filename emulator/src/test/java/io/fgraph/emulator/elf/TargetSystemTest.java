package io.fgraph.emulator.elf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which system a program was built for ({@link TargetSystem}): what tells a Linux program from a bare-metal one. */
class TargetSystemTest {

    static List<String> guests() {
        return GuestElfs.names();
    }

    private static TargetSystem of(ElfImageBuilder builder) throws ElfFormatException {
        return ElfFile.parse(builder.build().bytes()).targetSystem();
    }

    @ParameterizedTest
    @MethodSource("guests")
    void everyCommittedGuestIsBareMetal(String name) {
        assertEquals(TargetSystem.Kind.BARE_METAL, GuestElfs.parse(name).targetSystem().kind(), name);
    }

    @Test
    void aStaticGlibcProgramIsLinuxByItsAbiNote() throws Exception {
        TargetSystem target = of(ElfImageBuilder.minimal().abiTag(TargetSystem.GNU_ABI_TAG_LINUX, 4, 15, 0));
        assertEquals(new TargetSystem(TargetSystem.Kind.LINUX, "its ABI note says Linux 4.15.0"), target);
        assertEquals("a Linux program (its ABI note says Linux 4.15.0)", target.describe());
    }

    @Test
    void theAbiNoteIsFoundInSegmentsWhenThereAreNoSections() throws Exception {
        assertEquals(TargetSystem.Kind.LINUX,
                of(ElfImageBuilder.minimal().withoutSections().abiTag(TargetSystem.GNU_ABI_TAG_LINUX, 5, 4, 0)).kind());
    }

    @Test
    void anAbiNoteForAnotherKernelIsNotLinux() throws Exception {
        assertEquals(TargetSystem.Kind.BARE_METAL, of(ElfImageBuilder.minimal().abiTag(1, 0, 5, 0)).kind(), "GNU Hurd");
    }

    @Test
    void aDynamicProgramIsLinuxByItsInterpreter() throws Exception {
        TargetSystem target = of(ElfImageBuilder.minimal().interpreter("/lib/ld-linux-riscv64-lp64d.so.1"));
        assertEquals(new TargetSystem(TargetSystem.Kind.LINUX,
                "it asks for the dynamic linker /lib/ld-linux-riscv64-lp64d.so.1"), target);
    }

    @Test
    void osAbiLinuxIsLinuxAndAnotherOsAbiIsAnotherSystem() throws Exception {
        assertEquals(TargetSystem.Kind.LINUX, of(ElfImageBuilder.minimal().osAbi(3)).kind());
        assertEquals(new TargetSystem(TargetSystem.Kind.OTHER_OS, "EI_OSABI=9"), of(ElfImageBuilder.minimal().osAbi(9)));
        assertEquals(TargetSystem.Kind.BARE_METAL, of(ElfImageBuilder.minimal().osAbi(255)).kind(), "ELFOSABI_STANDALONE");
    }
}
