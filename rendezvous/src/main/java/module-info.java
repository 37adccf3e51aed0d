/**
 * Request/reply over rendezvous cells: {@link dev.loomchan.rendezvous.RequestChannel} hands a call to a server through
 * a rendezvous, and the reply travels back through a slot in the call itself. A call waits in its cell as itself
 * (the engine's {@code HandOffWaiter}), so a round trip allocates the call and nothing else.
 */
module dev.loomchan.rendezvous {
    requires transitive dev.loomchan.core;

    exports dev.loomchan.rendezvous;
}
