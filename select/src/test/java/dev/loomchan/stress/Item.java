package dev.loomchan.stress;

/**
 * The element a producer sends: who sent it and its sequence number within that producer's attempts in one round.
 * Every send attempt, successful or not, uses a fresh {@code seq}, so each seq has exactly one outcome.
 */
record Item(int producer, int seq) {
    @Override
    public String toString() {
        return "p" + producer + "#" + seq;
    }
}
