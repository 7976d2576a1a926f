// Bookinfo's back-end services as the 1.20.x images answer: details, ratings v1 and reviews
// v1/v2/v3 (v1 never calls ratings; v2 shows black stars with a 10 s ratings timeout, v3 red
// stars with 2.5 s). Reviews forwards the tracing and `end-user` headers to ratings like the Java
// service, so header rules on ratings work. No routing here: calls go through the context.
import { json, type WorkloadContext, type WorkloadHandler, type WorkloadRequest, type WorkloadResponse } from './workload.js';

/** Headers Bookinfo's services copy from their request to their outbound calls. */
export const forwardedHeaders = [
  'x-request-id', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags', 'x-ot-span-context',
  'traceparent', 'tracestate', 'b3', 'end-user', 'user-agent', 'cookie', 'authorization',
];

export function forwardHeaders(req: WorkloadRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of forwardedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function numericId(segment: string | undefined): number | undefined {
  return segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : undefined;
}

const notFound = (): WorkloadResponse => json(404, { error: 'Not found' });

export function detailsHandler(): WorkloadHandler {
  return async (req) => {
    const path = pathOnly(req.path);
    if (path === '/health') return json(200, { status: 'Details is healthy' });
    const match = /^\/details\/([^/]+)$/.exec(path);
    if (!match) return notFound();
    const id = numericId(match[1]);
    if (id === undefined) return json(400, { error: 'please provide numeric product id' });
    return json(200, {
      id, author: 'William Shakespeare', year: 1595, type: 'paperback', pages: 200, publisher: 'PublisherA',
      language: 'English', 'ISBN-10': '1234567890', 'ISBN-13': '123-1234567890',
    });
  };
}

export const bookRatings = { Reviewer1: 5, Reviewer2: 4 } as const;

export function ratingsHandler(): WorkloadHandler {
  return async (req) => {
    const path = pathOnly(req.path);
    if (path === '/health') return json(200, { status: 'Ratings is healthy' });
    const match = /^\/ratings\/([^/]+)$/.exec(path);
    if (!match) return notFound();
    const id = numericId(match[1]);
    if (id === undefined) return json(400, { error: 'please provide numeric product ID' });
    return json(200, { id, ratings: bookRatings });
  };
}

const reviewTexts = {
  Reviewer1: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
  Reviewer2: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
} as const;

interface ReviewsFlavour {
  ratingsEnabled: boolean;
  starColor: 'black' | 'red';
  ratingsTimeoutMs: number;
}

/** What the reviews image of each version has baked in (ENABLE_RATINGS, STAR_COLOR, ratings timeout). */
export function reviewsFlavour(version: string | undefined): ReviewsFlavour {
  if (version === 'v2') return { ratingsEnabled: true, starColor: 'black', ratingsTimeoutMs: 10_000 };
  if (version === 'v3') return { ratingsEnabled: true, starColor: 'red', ratingsTimeoutMs: 2_500 };
  return { ratingsEnabled: false, starColor: 'black', ratingsTimeoutMs: 10_000 };
}

async function fetchRatings(id: string, req: WorkloadRequest, ctx: WorkloadContext, timeoutMs: number): Promise<Record<string, number> | undefined> {
  try {
    const res = await ctx.call(`http://ratings:9080/ratings/${id}`, { headers: forwardHeaders(req), timeoutMs });
    if (res.status !== 200) return undefined;
    const body = JSON.parse(String(res.body)) as { ratings?: Record<string, number> };
    return body.ratings;
  } catch {
    return undefined;
  }
}

export function reviewsHandler(version: string | undefined): WorkloadHandler {
  const flavour = reviewsFlavour(version);
  return async (req, ctx) => {
    const path = pathOnly(req.path);
    if (path === '/health') return json(200, { status: 'Reviews is healthy' });
    const match = /^\/reviews\/([^/]+)$/.exec(path);
    if (!match) return notFound();
    const id = match[1] ?? '';
    const ratings = flavour.ratingsEnabled ? await fetchRatings(id, req, ctx, flavour.ratingsTimeoutMs) : undefined;
    const reviews = (['Reviewer1', 'Reviewer2'] as const).map((reviewer) => {
      const review: Record<string, unknown> = { reviewer, text: reviewTexts[reviewer] };
      if (flavour.ratingsEnabled) {
        const stars = ratings?.[reviewer];
        review['rating'] = stars === undefined ? { error: 'Ratings service is currently unavailable' } : { stars, color: flavour.starColor };
      }
      return review;
    });
    const clustername = ctx.pod.containers.find((c) => c.env['CLUSTER_NAME'] !== undefined)?.env['CLUSTER_NAME'] ?? 'null';
    return json(200, { id, podname: ctx.pod.name, clustername, reviews });
  };
}
