package io.synod.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WordsTest {
    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern WORD_BREAK_WITH_APOSTROPHES = Pattern.compile("[^\\p{L}\\p{N}']+");
    // Letters, digits, punctuation, accented and CJK letters, Roman and superscript numerals,
    // combining marks, a supplementary letter and digit (surrogate pairs), emoji, apostrophes.
    private static final int[] ALPHABET = {'a', 'Z', '7', ' ', ',', '.', '-', '\'', '\n', '_', 'é', 'ß', 'Ω', '中', 'Ⅻ', '²', '\u0301',
            '\u00a0', 0x10400, 0x1D7CE, 0x1F600, 'ǅ', 'ʰ', '٣'};

    private static List<String> regexWords(String text, Pattern pattern) {
        return Arrays.stream(pattern.split(text)).filter(word -> !word.isEmpty()).toList();
    }

    @Test
    void shouldSplitExactlyAsTheRegexOverLettersAndDigitsDoes() {
        Random random = new Random(17);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String s = text.toString();
            assertThat(Words.of(s, false)).as(s).isEqualTo(regexWords(s, WORD_BREAK));
            assertThat(Words.of(s, true)).as(s).isEqualTo(regexWords(s, WORD_BREAK_WITH_APOSTROPHES));
        }
    }

    @Test
    void shouldKeepApostrophesInsideWordsOnlyWhenAsked() {
        assertThat(Words.of("it's  the agent's call, 42!", true)).containsExactly("it's", "the", "agent's", "call", "42");
        assertThat(Words.of("it's  the agent's call, 42!", false)).containsExactly("it", "s", "the", "agent", "s", "call", "42");
        assertThat(Words.of(" ,; ", true)).isEmpty();
    }
}
