package dev.loomchan.internal;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module exports the API, opens the engine only to the modules that drive or read cells (select, rendezvous,
 * chanmon), and requires nothing but java.base.
 */
class ModuleDescriptorTest {

    @Test
    void exportsOnlyTheApi() throws URISyntaxException {
        Path classes = Path.of(BufferedChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d = ModuleFinder.of(classes).find("dev.loomchan.core").orElseThrow().descriptor();
        Set<String> unqualified = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.loomchan"), unqualified);
        Set<String> engineReaders = d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .filter(e -> e.source().equals("dev.loomchan.internal"))
                .flatMap(e -> e.targets().stream()).collect(Collectors.toSet());
        assertEquals(Set.of("dev.loomchan.select", "dev.loomchan.rendezvous", "dev.loomchan.chanmon"), engineReaders);
        assertTrue(d.packages().contains("dev.loomchan.internal"));
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), requires);
    }
}
