package org.convkit.cli;

import java.util.Locale;

import org.convkit.spec.PaddingMode;

/**
 * The words of every option that says what lies outside the input ({@code --padding-mode},
 * {@code --border}): zeros, reflect, replicate, circular, as PyTorch's {@code padding_mode} spells
 * them. {@code zero}, the image world's word (and what {@code filter} once documented), is read as
 * zeros with a note, so that one spelling is taught and the other still works.
 */
final class PaddingModes {
    static final String WORDS = "zeros, reflect, replicate, circular";

    private PaddingModes() {
    }

    /** Parses {@code text}, given as {@code option}; the error names the option and its words. */
    static PaddingMode parse(String option, String text) {
        if (text != null && text.strip().toLowerCase(Locale.ROOT).equals("zero")) {
            Notices.note(option + " zero is spelled zeros (every command's word, as PyTorch's padding_mode); "
                    + "read as zeros");
        }
        try {
            return PaddingMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not one of " + WORDS, e);
        }
    }
}
