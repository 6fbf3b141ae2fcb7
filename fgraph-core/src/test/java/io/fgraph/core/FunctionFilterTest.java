package io.fgraph.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Glob (fnmatch) and uftrace regex-mode patterns. */
class FunctionFilterTest {
    private static boolean glob(String pattern, String name) {
        return FunctionFilter.only(pattern).accepts(name);
    }

    private static boolean regex(String pattern, String name) {
        return FunctionFilter.only(FunctionFilter.Syntax.REGEX, List.of(pattern)).accepts(name);
    }

    @Test
    void globsMatchWholeNames() {
        assertTrue(glob("main", "main"));
        assertFalse(glob("main", "hart_main"));
        assertTrue(glob("*main", "hart_main"));
        assertTrue(glob("ma?n", "main"));
        assertFalse(glob("ma?n", "maain"));
        assertTrue(glob("a.b", "a.b"));
        assertFalse(glob("a.b", "axb"));
    }

    @Test
    void globCharacterClasses() {
        assertTrue(glob("alloc[135]", "alloc1"));
        assertTrue(glob("alloc[135]", "alloc5"));
        assertFalse(glob("alloc[135]", "alloc2"));
        assertFalse(glob("alloc[135]", "alloc13"));
        assertTrue(glob("f[a-c]x", "fbx"));
        assertFalse(glob("f[a-c]x", "fdx"));
        assertTrue(glob("f[!a-c]x", "fdx"));
        assertFalse(glob("f[!a-c]x", "fax"));
        assertTrue(glob("f[^a-c]x", "fdx"));
        assertTrue(glob("f[]]x", "f]x"));
        assertTrue(glob("f[a-]x", "f-x"));
        assertTrue(glob("f[-a]x", "f-x"));
        assertTrue(glob("f[&^]x", "f^x"));
        assertTrue(glob("f[[]x", "f[x"));
    }

    @Test
    void globEscapesAndUnclosedBrackets() {
        assertTrue(glob("a\\*", "a*"));
        assertFalse(glob("a\\*", "ab"));
        assertTrue(glob("a[b", "a[b"));
    }

    @Test
    void regexModeIsExactWithoutMetacharacters() {
        assertTrue(regex("main", "main"));
        assertFalse(regex("main", "hart_main"));
        assertFalse(regex("main", "mainly"));
    }

    @Test
    void regexModeFindsAnywhere() {
        assertTrue(regex("ma.n", "hart_main"));
        assertTrue(regex("^ma", "main"));
        assertFalse(regex("^ma", "hart_main"));
        assertTrue(regex("alloc[135]$", "xalloc3"));
        assertFalse(regex("alloc[135]$", "alloc31"));
        assertTrue(regex(".", "anything"));
        assertTrue(regex("a|b", "xbx"));
    }

    @Test
    void aliasesAreMatchedByAnyName() {
        FunctionFilter f = FunctionFilter.of(List.of("malloc"), List.of());
        assertTrue(f.acceptsAny(List.of("__malloc_malloc", "malloc")));
        FunctionFilter g = FunctionFilter.of(List.of(), List.of("__malloc_*"));
        assertFalse(g.acceptsAny(List.of("malloc", "__malloc_malloc")));
    }

    @Test
    void badPatternsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionFilter.only(FunctionFilter.Syntax.REGEX, List.of("ok", "(unclosed")));
        assertTrue(e.getMessage().startsWith("pattern='(unclosed': not a regular expression"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FunctionFilter.only(""));
        assertEquals(FunctionFilter.Syntax.REGEX, FunctionFilter.Syntax.parse("regex"));
        assertThrows(IllegalArgumentException.class, () -> FunctionFilter.Syntax.parse("pcre"));
    }

    @Test
    void regexLookalikesAreRecognised() {
        assertTrue(FunctionFilter.looksLikeRegex("^main"));
        assertTrue(FunctionFilter.looksLikeRegex("fib.*"));
        assertFalse(FunctionFilter.looksLikeRegex("fib*"));
        assertFalse(FunctionFilter.looksLikeRegex("alloc[135]"));
    }
}
