package io.edgeway.signaling.app;

import java.util.Collection;
import java.util.Optional;

/** Suggests the known name closest to a misspelt one, so an unknown-key error can name the fix. */
final class DidYouMean {

    private DidYouMean() {
    }

    /**
     * The candidate within a few edits of {@code typo}, or empty when none is close enough to be a
     * plausible slip (at most 2 edits, or a third of the name for long names).
     */
    static Optional<String> closest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typo, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, typo.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean x?)" or "". */
    static String hint(String typo, Collection<String> candidates) {
        return closest(typo, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    /** Optimal string alignment distance: Levenshtein plus swapped neighbours, a common slip. */
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
