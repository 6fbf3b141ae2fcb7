package io.fgraph.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the names within a few edits of a mistyped one ({@code mian} -> {@code main}). */
final class ClosestNames {
    static final int MAX_SUGGESTIONS = 3;

    private ClosestNames() {
    }

    /** Up to {@link #MAX_SUGGESTIONS} of {@code names} within a few edits of {@code text}, nearest first. */
    static List<String> of(String text, Collection<String> names) {
        int limit = Math.max(2, text.length() / 3);
        record Candidate(String name, int distance) {
        }
        return names.stream()
                .distinct()
                .map(name -> new Candidate(name, distance(text, name)))
                .filter(c -> c.distance() <= limit)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .limit(MAX_SUGGESTIONS)
                .map(Candidate::name)
                .toList();
    }

    /** Edit distance with adjacent transpositions (optimal string alignment): "mian" is 1 from "main". */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
