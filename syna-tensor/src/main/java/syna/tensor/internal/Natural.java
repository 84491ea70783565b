package syna.tensor.internal;

import java.util.Comparator;

/**
 * Numeric order of names: runs of ASCII digits compare as numbers ({@code x2 < x10},
 * {@code train/7 < train/00000012}), equal numbers by their length (fewer leading zeros first),
 * everything else by char. Thread-safe (stateless).
 */
final class Natural implements Comparator<String> {
    static final Natural ORDER = new Natural();

    private Natural() {}

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                int si = i;
                while (si < ei - 1 && a.charAt(si) == '0') {
                    si++;
                }
                int sj = j;
                while (sj < ej - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int len = (ei - si) - (ej - sj);
                if (len != 0) {
                    return len;
                }
                for (int k = 0; k < ei - si; k++) {
                    int d = a.charAt(si + k) - b.charAt(sj + k);
                    if (d != 0) {
                        return d;
                    }
                }
                int zeros = (ei - i) - (ej - j);
                if (zeros != 0) {
                    return zeros;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return ca - cb;
                }
                i++;
                j++;
            }
        }
        return (a.length() - i) - (b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
