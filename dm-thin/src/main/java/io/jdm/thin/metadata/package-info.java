/**
 * A pure-Java reader of a dm-thin pool's on-disk metadata.
 *
 * <ul>
 *   <li>{@link io.jdm.thin.metadata.MetadataProbe}: what block 0 of a device holds, to decide whether it
 *       may be wiped for a fresh pool;</li>
 *   <li>{@link io.jdm.thin.metadata.PoolMetadata}: the superblock and the thin devices of one consistent
 *       state, of a live pool (through a metadata snapshot) or of one that is not loaded;</li>
 *   <li>{@link io.jdm.thin.metadata.MetadataReader}: the same plus streamed mapping walks and
 *       thin_ls-style exclusive/shared usage.</li>
 * </ul>
 *
 * Every failure is a {@link io.jdm.thin.metadata.ThinMetadataException}; corrupt metadata never gives an
 * unchecked exception, a hang or a stack overflow.
 */
package io.jdm.thin.metadata;
