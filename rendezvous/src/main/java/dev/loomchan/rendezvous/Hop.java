package dev.loomchan.rendezvous;

/**
 * One step of a request's route: the request channel it was sent to and the thread that sent it there (the caller
 * for the first hop, a forwarding server for the others). For tracing; see {@link Request#route()}.
 *
 * @param channel the request channel's name ({@code "RequestChannel@<hash>"} when it has none)
 * @param thread  the name of the thread that sent the request into that channel
 */
public record Hop(String channel, String thread) {
    @Override
    public String toString() {
        return thread + " -> " + channel;
    }
}
