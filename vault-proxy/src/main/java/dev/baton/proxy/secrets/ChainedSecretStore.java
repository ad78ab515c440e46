package dev.baton.proxy.secrets;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Asks each store in order; the first that holds a name wins. Thread-safe if its stores are. */
final class ChainedSecretStore implements SecretStore {
    private final List<SecretStore> stores;

    ChainedSecretStore(List<SecretStore> stores) {
        this.stores = List.copyOf(stores);
    }

    @Override
    public Optional<String> find(String name) {
        for (SecretStore store : stores) {
            Optional<String> value = store.find(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    @Override
    public Collection<String> values() {
        var all = new LinkedHashSet<String>();
        stores.forEach(store -> all.addAll(store.values()));
        return List.copyOf(all);
    }
}
