package dev.loomchan.stress;

import java.util.List;

/** Formats the stacks of threads that did not end, for a TERMINATED failure. */
final class ThreadDump {
    static final int MAX_FRAMES = 40;

    private ThreadDump() {
    }

    static String of(List<Thread> threads) {
        StringBuilder sb = new StringBuilder();
        for (Thread t : threads) {
            sb.append("\n      \"").append(t.getName()).append("\" ")
                    .append(t.isVirtual() ? "virtual " : "platform ")
                    .append(t.getState());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
                sb.append("\n          at ").append(frames[i]);
            }
            if (frames.length > MAX_FRAMES) {
                sb.append("\n          ... ").append(frames.length - MAX_FRAMES).append(" more");
            }
        }
        return sb.toString();
    }
}
