package dev.loomchan.benchmarks.peers;

/**
 * A pipe that is a library's own pair of blocking calls, e.g. {@code new CallPipe(queue::put, queue::take)}: the
 * benchmark thread calls exactly what a user of the library would.
 *
 * @param sending   the library's blocking send (put, transfer, exchange)
 * @param receiving the library's blocking receive (take, exchange)
 */
record CallPipe(Sending sending, Receiving receiving) implements Pipe {

    /** A library's blocking send. */
    @FunctionalInterface
    interface Sending {
        void send(Integer element) throws InterruptedException;
    }

    /** A library's blocking receive. */
    @FunctionalInterface
    interface Receiving {
        Integer receive() throws InterruptedException;
    }

    @Override
    public void send(Integer element) throws InterruptedException {
        sending.send(element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return receiving.receive();
    }
}
