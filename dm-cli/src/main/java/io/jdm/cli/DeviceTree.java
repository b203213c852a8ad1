package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceNumber;
import io.jdm.api.ListedDevice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dependency graph {@code ls --tree} draws, built with libdm's dm_tree rules so the order matches
 * dmsetup's: devices are added in list (name) order, each one's dependencies depth-first in the order
 * the kernel reports them; a node used by another is no longer top-level, and a node without
 * dependencies is bottom-level (the roots of {@code -o inverted}).
 */
final class DeviceTree {
    /** A block device: a dm device (with its info) or any other device it uses (info null). */
    static final class Node {
        final DeviceNumber number;
        final String name;
        final DeviceInfo info;
        final List<Node> uses = new ArrayList<>();
        final List<Node> usedBy = new ArrayList<>();

        Node(DeviceNumber number, String name, DeviceInfo info) {
            this.number = number;
            this.name = name;
            this.info = info;
        }
    }

    /** What the tree needs per dm device: its info and the devices its table uses. */
    record Device(DeviceInfo info, List<DeviceNumber> deps) {
    }

    final Node root = new Node(null, null, null);
    private final Map<DeviceNumber, Node> nodes = new LinkedHashMap<>();
    private final Map<DeviceNumber, ListedDevice> dm = new LinkedHashMap<>();
    private final Function<ListedDevice, Device> lookup;

    private DeviceTree(List<ListedDevice> devices, Function<ListedDevice, Device> lookup) {
        this.lookup = lookup;
        devices.forEach(d -> dm.put(d.number(), d));
    }

    static DeviceTree build(List<ListedDevice> devices, Function<ListedDevice, Device> lookup) {
        DeviceTree tree = new DeviceTree(devices, lookup);
        for (ListedDevice d : devices) {
            tree.add(tree.root, d.number());
        }
        return tree;
    }

    private void add(Node parent, DeviceNumber number) {
        Node node = nodes.get(number);
        if (node != null) {
            link(parent, node);
            return;
        }
        ListedDevice listed = dm.get(number);
        Device device = listed == null ? null : lookup.apply(listed);
        node = new Node(number, device == null ? "" : device.info().name().value(), device == null ? null : device.info());
        nodes.put(number, node);
        link(parent, node);
        if (device == null || device.deps().isEmpty()) {
            link(node, root); // bottom level
            return;
        }
        for (DeviceNumber dep : device.deps()) {
            add(node, dep);
        }
    }

    /** libdm's _link_tree_nodes. */
    private void link(Node parent, Node child) {
        if (parent == root) {
            if (children(child, true).size() > 0) {
                return; // already used by another device: not top-level
            }
        } else {
            unlink(root, child);
        }
        if (child == root) {
            if (children(parent, false).size() > 0) {
                return;
            }
        } else {
            unlink(parent, root);
        }
        if (!parent.uses.contains(child)) {
            parent.uses.add(child);
            child.usedBy.add(parent);
        }
    }

    private static void unlink(Node parent, Node child) {
        parent.uses.remove(child);
        child.usedBy.remove(parent);
    }

    /** libdm's dm_tree_node_num_children, as the list to walk. */
    List<Node> children(Node node, boolean inverted) {
        if (inverted) {
            return node != root && root.uses.contains(node) ? List.of() : node.usedBy;
        }
        return node != root && node.uses.contains(root) ? List.of() : node.uses;
    }
}
