package org.convkit.cli.tour;

import java.io.IOException;

/** One topic of the guide: its anchor, its title, and its body written with the engine's results. */
interface TourSection {
    /** The section's id in the page ({@code #id}), also the prefix of its files. */
    String id();

    String title();

    /** The section's HTML (inside its {@code <section>}); writes its pictures through {@code assets}. */
    String body(TourAssets assets) throws IOException;
}
