package io.codeagents.download.domain;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One part of a partial blob: the byte range {@code [startOffset, startOffset + length)} of which {@code done} are on disk. */
@Entity
@Table(name = "blob_parts")
public class BlobPart extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String digest;

    public int idx;

    @Column(name = "start_offset")
    public long startOffset;

    public long length;

    public long done;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<BlobPart> ofBlob(String digest) {
        return list("digest = ?1 order by idx", digest);
    }

    public static List<String> digestsWithParts() {
        return getEntityManager().createQuery("select distinct b.digest from BlobPart b", String.class).getResultList();
    }
}
