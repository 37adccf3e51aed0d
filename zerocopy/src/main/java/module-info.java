/**
 * Zero-copy pipelines: an off-heap {@link dev.loomchan.zerocopy.DescriptorPool} carved into fixed-size slots, the
 * {@link dev.loomchan.zerocopy.Descriptor} handles on them, and {@link dev.loomchan.zerocopy.ZeroCopyChannel}s that
 * move a descriptor's ownership from sender to receiver instead of copying its bytes. See docs/zerocopy.md.
 */
module dev.loomchan.zerocopy {
    requires transitive dev.loomchan.core;
    requires transitive dev.loomchan.select;
    requires transitive org.agrona;
    exports dev.loomchan.zerocopy;
}
