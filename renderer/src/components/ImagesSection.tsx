// The Setup screen's Images section: every image the lab needs (images.list), where it comes
// from, its size, whether this computer and the lab's node have it, and the totals; Refresh
// reads the list again. It asks about the lab the card shows.

import { useEffect, useMemo } from 'react';
import type { ImageInfo } from '../../../core/contract';
import { useCore } from '../client-context';
import { SOURCE_LABELS, displayRef, imageSize, imagesTotals, sortedImages, totalsLine } from '../model/images-view';
import { labSelector } from '../model/lab-options';
import { imagesStore, loadImages, useImagesState, type ImagesQuery } from '../state/images-store';
import { useLabState } from '../state/lab-store';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './Icon';

function Presence({ has, what }: { has: boolean | null; what: string }) {
  if (has === null) return <span className="presence presence-unknown" title={`No ${what} to ask`}>—</span>;
  return (
    <span className={`presence presence-${has ? 'yes' : 'no'}`}>
      <Icon name={has ? 'check' : 'pending'} size={15} />
      <span className="visually-hidden">{has ? `on ${what}` : `not on ${what}`}</span>
    </span>
  );
}

function ImageRow({ image }: { image: ImageInfo }) {
  return (
    <tr data-testid="image-row" data-ref={image.ref} data-host={String(image.host)} data-node={String(image.node)}>
      <td className="image-ref">
        <code title={image.pullFrom ? `${image.ref}\npulled from ${image.pullFrom}` : image.ref}>{displayRef(image.ref)}</code>
      </td>
      <td>{SOURCE_LABELS[image.source]}</td>
      <td className="image-size">{imageSize(image)}</td>
      <td className="image-presence">
        <Presence has={image.host} what="this computer" />
      </td>
      <td className="image-presence">
        <Presence has={image.source === 'node' ? null : image.node} what="the lab's node" />
      </td>
    </tr>
  );
}

export function ImagesSection() {
  const { client } = useCore();
  const options = useLabState((state) => state.lastOptions);
  const report = useImagesState((state) => state.report);
  const loading = useImagesState((state) => state.loading);
  const error = useImagesState((state) => state.error);
  const { name, context, istioVersion } = options;
  const query = useMemo<ImagesQuery>(() => ({ ...labSelector({ name, context }), ...(istioVersion ? { istioVersion } : {}) }), [name, context, istioVersion]);

  useEffect(() => {
    void loadImages(client, imagesStore, query);
  }, [client, query]);

  const totals = report ? imagesTotals(report) : null;
  return (
    <section className="images-section" aria-labelledby="images-title" data-testid="images-section" aria-busy={loading}>
      <header className="section-header">
        <div>
          <h2 className="section-title" id="images-title">
            Images
          </h2>
          <p className="section-subtitle">
            Every container image the lab runs, read from the manifests it applies: whether this computer has it, and whether the lab's kind node does.
            {report?.mirror ? ` Pulls go through the mirror ${report.mirror}.` : ''}
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="button button-secondary" onClick={() => void loadImages(client, imagesStore, query)} disabled={loading} data-testid="images-refresh">
            <Icon name="refresh" size={16} />
            {loading ? 'Reading…' : 'Refresh'}
          </button>
        </div>
      </header>
      {error ? <ErrorNotice error={error} /> : null}
      {report && totals ? (
        <div className="images-card">
          <div className="images-scroll">
            <table className="images-table" aria-label="Images the lab needs">
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">Part</th>
                  <th scope="col" className="image-size">
                    Size
                  </th>
                  <th scope="col" className="image-presence">
                    This computer
                  </th>
                  <th scope="col" className="image-presence">
                    Lab node
                  </th>
                </tr>
              </thead>
              <tbody>
                {sortedImages(report.images).map((image) => (
                  <ImageRow key={image.ref} image={image} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="images-totals" data-testid="images-totals">
            {totalsLine(totals)} · {report.platform}
          </p>
        </div>
      ) : loading ? (
        <p className="lab-looking" role="status">
          <span className="spinner" aria-hidden="true" />
          Reading what the lab needs…
        </p>
      ) : null}
    </section>
  );
}
