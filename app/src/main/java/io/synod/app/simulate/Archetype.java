package io.synod.app.simulate;

/** How a simulated agent behaves. The Byzantine ones are listed in byzantine.json, the useless ones in useless.json. */
enum Archetype {
    HONEST(false, false),
    NOISY(false, false),
    OVERCONFIDENT(false, false),
    LAZY(false, true),
    SPAMMER(false, true),
    CONTRARIAN(true, false),
    BLOC(true, false),
    CAMOUFLAGED(true, false),
    SYBIL(true, false),
    SLEEPER(true, false);

    final boolean byzantine;
    final boolean useless;

    Archetype(boolean byzantine, boolean useless) {
        this.byzantine = byzantine;
        this.useless = useless;
    }
}
