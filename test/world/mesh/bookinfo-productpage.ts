// Bookinfo's productpage (1.20.x image, as shipped with Istio 1.30): the HTML page with the
// Tailwind markers that tell reviews versions apart, the JSON API, /login and /logout with a
// `session` cookie, /static files. Like the Python original it calls details and reviews (3 s
// timeout; reviews twice) and forwards `end-user` from the session. Routing is not its job.
import { forwardHeaders } from './bookinfo-services.js';
import { html, json, text, type WorkloadContext, type WorkloadHandler, type WorkloadRequest, type WorkloadResponse } from './workload.js';

interface Product {
  id: number;
  title: string;
  descriptionHtml: string;
}

export const products: Product[] = [{
  id: 0,
  title: 'The Comedy of Errors',
  descriptionHtml: '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
}];

interface Review {
  reviewer: string;
  text: string;
  rating?: { stars?: number; color?: string; error?: string };
}

interface Upstream<T> {
  status: number;
  body: T;
}

/** The `session` cookie carries `{"user": …}` base64url-encoded, like Flask's (unsigned here). */
export function sessionCookie(user: string): string {
  return Buffer.from(JSON.stringify({ user }), 'utf8').toString('base64url');
}

export function userFromCookies(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== 'session') continue;
    const value = rest.join('=');
    try {
      const decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { user?: unknown };
      if (typeof decoded.user === 'string' && decoded.user !== '') return decoded.user;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function outboundHeaders(req: WorkloadRequest): Record<string, string> {
  const headers = forwardHeaders(req);
  delete headers['end-user'];
  const user = userFromCookies(req.headers['cookie']);
  if (user !== undefined) headers['end-user'] = user;
  return headers;
}

async function getJson<T>(ctx: WorkloadContext, url: string, headers: Record<string, string>): Promise<Upstream<T> | undefined> {
  try {
    const res = await ctx.call(url, { headers, timeoutMs: 3000 });
    let body: T | undefined;
    try {
      body = JSON.parse(String(res.body)) as T;
    } catch {
      body = undefined;
    }
    return { status: res.status, body: body as T };
  } catch {
    return undefined;
  }
}

async function productDetails(ctx: WorkloadContext, id: string, headers: Record<string, string>): Promise<Upstream<Record<string, unknown>>> {
  const res = await getJson<Record<string, unknown>>(ctx, `http://details:9080/details/${id}`, headers);
  if (res?.status === 200) return res;
  return { status: res?.status || 500, body: { error: 'Sorry, product details are currently unavailable for this book.' } };
}

async function productReviews(ctx: WorkloadContext, id: string, headers: Record<string, string>): Promise<Upstream<Record<string, unknown>>> {
  // The original tries twice on purpose ("bug introduced explicitly for the fault injection task").
  let res: Upstream<Record<string, unknown>> | undefined;
  for (let i = 0; i < 2; i++) {
    res = await getJson<Record<string, unknown>>(ctx, `http://reviews:9080/reviews/${id}`, headers);
    if (res?.status === 200) return res;
  }
  return { status: res?.status || 500, body: { error: 'Sorry, product reviews are currently unavailable for this book.' } };
}

async function productRatings(ctx: WorkloadContext, id: string, headers: Record<string, string>): Promise<Upstream<Record<string, unknown>>> {
  const res = await getJson<Record<string, unknown>>(ctx, `http://ratings:9080/ratings/${id}`, headers);
  if (res?.status === 200) return res;
  return { status: res?.status || 500, body: { error: 'Sorry, product ratings are currently unavailable for this book.' } };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const starPath = 'M9.049 2.927c.3-.921 1.603-.921 1.902 0l1.07 3.292a1 1 0 00.95.69h3.462c.969 0 1.371 1.24.588 1.81l-2.8 2.034a1 1 0 00-.364 1.118l1.07 3.292c.3.921-.755 1.688-1.54 1.118l-2.8-2.034a1 1 0 00-1.175 0l-2.8 2.034c-.784.57-1.838-.197-1.539-1.118l1.07-3.292a1 1 0 00-.364-1.118L2.98 8.72c-.783-.57-.38-1.81.588-1.81h3.461a1 1 0 00.951-.69l1.07-3.292z';

function ratingHtml(rating: Review['rating']): string {
  if (!rating) return '';
  if (rating.error !== undefined) return `<p class="text-red-500">${escapeHtml(rating.error)}</p>`;
  const stars = Math.max(0, Math.min(5, rating.stars ?? 0));
  const full = Array.from({ length: stars }, () => `<svg id="glyphicon glyphicon-star" class="h-5 w-5" fill="currentColor" viewBox="0 0 20 20"><path d="${starPath}"/></svg>`);
  const empty = Array.from({ length: 5 - stars }, () => `<svg id="glyphicon glyphicon-star-empty" class="h-5 w-5" fill="none" stroke="currentColor" viewBox="0 0 20 20"><path d="${starPath}"/></svg>`);
  return `<div class="flex gap-x-1 text-${rating.color === 'red' ? 'red' : 'black'}-500">${[...full, ...empty].join('')}</div>`;
}

function detailsHtml(details: Upstream<Record<string, unknown>>): string {
  if (details.status !== 200) return `<h4 class="text-2xl font-semibold">Error fetching product details!</h4><p>${escapeHtml(String(details.body['error'] ?? ''))}</p>`;
  const row = (label: string, key: string): string => `<dt class="font-semibold">${label}:</dt><dd>${escapeHtml(String(details.body[key] ?? ''))}</dd>`;
  return `<h4 class="text-2xl font-semibold">Book Details</h4><dl class="grid grid-cols-2 gap-1">${row('Type', 'type')}${row('Pages', 'pages')}${row('Publisher', 'publisher')}${row('Language', 'language')}${row('ISBN-10', 'ISBN-10')}${row('ISBN-13', 'ISBN-13')}</dl>`;
}

function reviewsHtml(reviews: Upstream<Record<string, unknown>>): string {
  if (reviews.status !== 200) return `<h4 class="text-2xl font-semibold">Error fetching product reviews!</h4><p>${escapeHtml(String(reviews.body['error'] ?? ''))}</p>`;
  const list = Array.isArray(reviews.body['reviews']) ? (reviews.body['reviews'] as Review[]) : [];
  const items = list.map((r) => `<blockquote class="border-l-4 pl-4 my-4"><p>${escapeHtml(r.text)}</p><small class="text-gray-500">${escapeHtml(r.reviewer)}</small>${ratingHtml(r.rating)}</blockquote>`);
  return `<h4 class="text-2xl font-semibold">Book Reviews</h4>${items.join('')}<p class="text-xs text-gray-400">Reviews served by: ${escapeHtml(String(reviews.body['podname'] ?? ''))}</p>`;
}

function pageHtml(product: Product, details: Upstream<Record<string, unknown>>, reviews: Upstream<Record<string, unknown>>, user: string | undefined): string {
  const account = user === undefined
    ? `<form method="post" action="login" class="flex gap-2"><input name="username" placeholder="User Name" class="border px-2"><input name="passwd" type="password" placeholder="Password" class="border px-2"><button type="submit" class="bg-blue-600 text-white px-3">Sign in</button></form>`
    : `<span class="px-3">${escapeHtml(user)}</span><a href="logout" class="underline">sign out</a>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Simple Bookstore App</title>
<link rel="stylesheet" href="static/tailwind/tailwind.css">
</head>
<body class="bg-white text-gray-900">
<nav class="flex justify-between items-center bg-gray-800 text-white px-6 py-3">
<a href="#" class="text-lg font-semibold">BookInfo Sample</a>
<div class="flex items-center">${account}</div>
</nav>
<main class="container mx-auto px-6">
<div class="my-4 p-3 bg-blue-50 rounded">Start here: sign in as <code>jason</code> to see header-based routing.</div>
<h1 class="text-4xl font-bold my-6">${escapeHtml(product.title)}</h1>
<p class="mb-6">${product.descriptionHtml}</p>
<div class="grid grid-cols-2 gap-8">
<section id="details">${detailsHtml(details)}</section>
<section id="reviews">${reviewsHtml(reviews)}</section>
</div>
</main>
</body>
</html>
`;
}

const staticFiles: Record<string, WorkloadResponse> = {
  '/static/tailwind/tailwind.css': { status: 200, headers: { 'content-type': 'text/css; charset=utf-8' }, body: '.flex{display:flex}.gap-x-1{column-gap:.25rem}.text-black-500{color:#000}.text-red-500{color:#ef4444}\n' },
  '/static/bootstrap/css/bootstrap.min.css': { status: 200, headers: { 'content-type': 'text/css; charset=utf-8' }, body: '/* bootstrap stand-in */\n' },
  '/static/jquery.min.js': { status: 200, headers: { 'content-type': 'application/javascript' }, body: '/* jquery stand-in */\n' },
};

function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function formField(body: Buffer | undefined, name: string): string | undefined {
  const value = new URLSearchParams(body?.toString('utf8') ?? '').get(name);
  return value === null || value === '' ? undefined : value;
}

function redirect(location: string, cookie: string): WorkloadResponse {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8', 'set-cookie': [cookie] }, body: `<a href="${location}">${location}</a>` };
}

export function productpageHandler(): WorkloadHandler {
  return async (req, ctx) => {
    const path = pathOnly(req.path);
    const headers = outboundHeaders(req);
    const api = /^\/api\/v1\/products(?:\/([^/]+)(?:\/(reviews|ratings))?)?\/?$/.exec(path);
    if (api) {
      const [, id, sub] = api;
      if (id === undefined) return json(200, products);
      const res = sub === 'reviews' ? await productReviews(ctx, id, headers) : sub === 'ratings' ? await productRatings(ctx, id, headers) : await productDetails(ctx, id, headers);
      return json(res.status, res.body);
    }
    switch (path) {
      case '/health':
        return text(200, 'Product page is healthy');
      case '/':
      case '/index.html':
        return html(200, '<!DOCTYPE html><html><head><title>Simple Bookstore App</title></head><body><h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3><p>Start here: <a href="productpage?u=normal">Normal user</a> | <a href="productpage?u=test">Test user</a></p></body></html>');
      case '/productpage': {
        const product = products[0] as Product;
        const details = await productDetails(ctx, '0', headers);
        const reviews = await productReviews(ctx, '0', headers);
        return html(200, pageHtml(product, details, reviews, userFromCookies(req.headers['cookie'])));
      }
      case '/login': {
        if (req.method !== 'POST') return html(405, '<!doctype html><title>405 Method Not Allowed</title><h1>Method Not Allowed</h1>');
        const user = formField(req.body, 'username') ?? '';
        return redirect('/productpage', `session=${sessionCookie(user)}; HttpOnly; Path=/`);
      }
      case '/logout':
        return redirect('/productpage', 'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/');
      default: {
        const file = staticFiles[path];
        if (file) return file;
        return html(404, '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>');
      }
    }
  };
}
