package dev.loomchan.chanmon.demo;

/** The load the demo cycles through, each for one phase length, so that every kind of trouble shows on the monitor. */
public enum LoadPhase {
    /** Producers at a moderate, even rate; the pipeline keeps up. */
    STEADY("steady load"),
    /** Producers send as fast as they can in short bursts: buffers fill, rates jump. */
    BURST("bursts"),
    /** The sink slows down: its buffer fills, senders wait behind it (back-pressure), upstream buffers follow. */
    SLOW_CONSUMER("slow consumer, back-pressure"),
    /** Hundreds of receivers start waiting and are cancelled together (a scope is cancelled, or they time out). */
    CANCELLATION_STORM("cancellation storm");

    public final String description;

    LoadPhase(String description) {
        this.description = description;
    }

    public LoadPhase next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
