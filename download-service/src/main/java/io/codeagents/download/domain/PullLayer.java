package io.codeagents.download.domain;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A blob a pull needs (the manifest's config at position 0, then its layers) and how far it got. */
@Entity
@Table(name = "pull_layers")
public class PullLayer extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "pull_id")
    public long pullId;

    public int position;

    public String digest;

    @Column(name = "media_type")
    public String mediaType;

    public long size;

    @Column(name = "bytes_done")
    public long bytesDone;

    public String state;

    public static List<PullLayer> ofPull(long pullId) {
        return list("pullId = ?1 order by position", pullId);
    }

    /** Whether a pull that may still need its partial data (not completed) refers to this digest. */
    public static boolean neededByUnfinishedPull(String digest) {
        return getEntityManager().createQuery(
                "select count(l) from PullLayer l, Pull p where l.pullId = p.id and l.digest = ?1 and p.state <> ?2",
                Long.class).setParameter(1, digest).setParameter(2, PullState.COMPLETED).getSingleResult() > 0;
    }
}
