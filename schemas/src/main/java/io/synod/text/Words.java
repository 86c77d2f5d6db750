package io.synod.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into maximal runs of letters and digits (Unicode categories L and N), optionally with
 * apostrophes inside words, exactly as splitting on {@code [^\p{L}\p{N}]+} (or {@code [^\p{L}\p{N}']+})
 * and dropping empty pieces would. A hand scanner because the regex split was the largest single
 * cost of screening and comparing justifications (profiled on replay), and every vote's text passes
 * through it more than once.
 */
public final class Words {
    private Words() {
    }

    /** The words of {@code text} in order; no empty strings. */
    public static List<String> of(String text, boolean apostrophes) {
        List<String> words = new ArrayList<>(Math.max(4, text.length() / 5));
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            boolean part = isWordPart(c, apostrophes);
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    static boolean isWordPart(int c, boolean apostrophes) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || apostrophes && c == '\'';
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
