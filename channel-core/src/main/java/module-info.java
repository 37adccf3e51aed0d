/**
 * loomchan's channel engine: rendezvous, buffered, unlimited and conflated channels whose blocking calls park the
 * calling thread, virtual or platform. The public API is {@link dev.loomchan.Channel} and its companions in
 * {@code dev.loomchan}; the engine lives in {@code dev.loomchan.internal}, exported only to the select module, which
 * drives select registrations in the cells; to the rendezvous module, whose calls wait in their cells as themselves
 * ({@code HandOffWaiter}); and to the chanmon module, which reads cells for its dump ({@code CellsSnapshot}).
 */
module dev.loomchan.core {
    exports dev.loomchan;
    exports dev.loomchan.internal to dev.loomchan.select, dev.loomchan.rendezvous, dev.loomchan.chanmon;
}
