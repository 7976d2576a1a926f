// The classifier against pages shaped like Bookinfo's real productpage: the Tailwind template of
// Istio 1.2x+/1.30 and the older Bootstrap one, rendered here the way Jinja renders them.
import { describe, expect, it } from 'vitest';
import { classifyReviews, pageProblem } from './classify';

type Rating = { stars: number; color: 'black' | 'red' } | { error: string } | undefined;

const unavailable = { error: 'Ratings service is currently unavailable' } as const;

// The 1.30 template: a sign-in dialog that says "Start here", details, then one <section> per review.
function tailwindPage(ratings: Rating[] | 'reviews-error', options: { detailsError?: boolean } = {}): string {
  const star = '<svg class="h-5 w-5 flex-none" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">\n  <path fill-rule="evenodd" d="M10.868 2.884c-.321-.772-1.415-.772-1.736 0z" clip-rule="evenodd" />\n</svg>';
  const empty = '<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke-width="1.5" stroke="currentColor" class="h-5 w-5 flex-none">\n  <path d="M11.48 3.499a.562.562 0 0 1 1.04 0Z" />\n</svg>';
  const rating = (r: Rating): string => {
    if (r === undefined) return '';
    if ('error' in r) return `<p class="text-red-500">${r.error}</p>`;
    return `<div class="flex gap-x-1 text-${r.color}-500">\n  ${Array(r.stars).fill(star).join('\n  ')}\n  ${Array(5 - r.stars).fill(empty).join('\n  ')}\n</div>`;
  };
  const reviews = ratings === 'reviews-error'
    ? '<p class="text-2xl text-red-500">Error fetching product reviews</p>\n<p class="text-lg text-gray-600">Sorry, product reviews are currently unavailable for this book.</p>'
    : `<h4 class="text-3xl font-semibold">Book Reviews</h4>\n<div class="flex flex-col md:flex-row">\n${ratings
        .map((r, i) => `<section class="px-6 py-12 sm:py-8 lg:px-8">\n<div class="mx-auto max-w-2xl">\n${rating(r)}\n<blockquote class="mt-10 text-xl"><p>"An extremely entertaining play by Shakespeare."</p></blockquote>\n<div class="font-semibold text-gray-900">Reviewer${i + 1}</div>\n<div class="mt-0.5 text-gray-600 font-mono">Reviews served by: reviews-v1-7f9c5b8d4-x2x8k</div>\n</div>\n</section>`)
        .join('\n')}\n</div>`;
  const details = options.detailsError
    ? '<p class="text-2xl text-red-500">Error fetching product details</p>'
    : '<h4 class="text-3xl font-semibold">Book Details</h4><table><tr><td>1234567890</td></tr></table>';
  return `<title>Simple Bookstore App</title>
<nav class="bg-gray-800"><button type="button" id="sign-in-button">Sign in</button></nav>
<dialog id="dialog"><p class="mt-10 text-center text-sm text-gray-500">Not using Istio yet?
<a href="https://istio.io" target="_blank" class="font-semibold leading-6 text-blue-600 hover:text-blue-500">Start here</a></p></dialog>
<h1 class="text-5xl font-bold tracking-tight text-blue-900">The Comedy of Errors</h1>
<div class="max-w-2xl"><div class="flow-root">${details}</div></div>
<div class="bg-blue-600/5 py-12 mx-auto"><div class="container mx-auto px-4 sm:px-6 lg:px-8><div class="max-w-2xl">${reviews}</div></div></div>`;
}

// The Bootstrap template of older releases: <font color="…"> around glyphicon spans.
function bootstrapPage(ratings: Rating[] | 'reviews-error'): string {
  const rating = (r: Rating): string => {
    if (r === undefined) return '';
    if ('error' in r) return `<p><i>${r.error}</i></p>`;
    return `<font color="${r.color}">\n  <!-- full stars: -->\n  ${Array(r.stars).fill('<span class="glyphicon glyphicon-star"></span>').join('\n  ')}\n  <!-- empty stars: -->\n  ${Array(5 - r.stars).fill('<span class="glyphicon glyphicon-star-empty"></span>').join('\n  ')}\n</font>`;
  };
  const reviews = ratings === 'reviews-error'
    ? '<h4 class="text-center text-primary">Error fetching product reviews!</h4><p>Sorry, product reviews are currently unavailable for this book.</p>'
    : `<h4 class="text-center text-primary">Book Reviews</h4>\n${ratings.map((r, i) => `<blockquote>\n<p>An extremely entertaining play by Shakespeare.</p>\n<small>Reviewer${i + 1}</small>\n${rating(r)}\n</blockquote>`).join('\n')}\n<dl><dt>Reviews served by:</dt><u>reviews-v2-5b64f47978-x9x7z</u></dl>`;
  return `<nav class="navbar navbar-inverse navbar-static-top"><i class="glyphicon glyphicon-user" aria-hidden="true"></i></nav>
<div class="container-fluid"><h3 class="text-center text-primary">The Comedy of Errors</h3>
<p>Summary: ... Start here ...</p>
<div class="row"><div class="col-md-6"><h4 class="text-center text-primary">Book Details</h4></div>
<div class="col-md-6">${reviews}</div></div></div>`;
}

describe('classifyReviews on the Tailwind page (Istio 1.30)', () => {
  it('tells v1, v2 and v3 apart by the rating markup', () => {
    expect(classifyReviews(tailwindPage([undefined, undefined]))).toBe('v1');
    expect(classifyReviews(tailwindPage([{ stars: 5, color: 'black' }, { stars: 4, color: 'black' }]))).toBe('v2');
    expect(classifyReviews(tailwindPage([{ stars: 5, color: 'red' }, { stars: 4, color: 'red' }]))).toBe('v3');
  });

  it('is not fooled by "Start here" or other red text on a v1 page', () => {
    const page = tailwindPage([undefined, undefined], { detailsError: true });
    expect(page).toContain('Start here');
    expect(page).toContain('text-red-500');
    expect(classifyReviews(page)).toBe('v1');
    expect(classifyReviews(tailwindPage([{ stars: 1, color: 'black' }, { stars: 1, color: 'black' }], { detailsError: true }))).toBe('v2');
  });

  it('says unknown when ratings are unavailable (v2 or v3, no way to tell)', () => {
    expect(classifyReviews(tailwindPage([unavailable, unavailable]))).toBe('unknown');
  });

  it('says unknown when the reviews call failed, when colours mix, and for pages that are not the productpage', () => {
    expect(classifyReviews(tailwindPage('reviews-error'))).toBe('unknown');
    expect(classifyReviews(tailwindPage([{ stars: 5, color: 'black' }, { stars: 4, color: 'red' }]))).toBe('unknown');
    expect(classifyReviews('<html><body><p>Start here: <a href="productpage?u=normal">Normal user</a></p></body></html>')).toBe('unknown');
    expect(classifyReviews('')).toBe('unknown');
  });

  it('reads the test world\'s rendering (svg stars with glyphicon ids, one line)', () => {
    const stars = '<svg id="glyphicon glyphicon-star" class="h-5 w-5" fill="currentColor" viewBox="0 0 20 20"><path d="M9"/></svg>'.repeat(4) + '<svg id="glyphicon glyphicon-star-empty" class="h-5 w-5" fill="none" stroke="currentColor" viewBox="0 0 20 20"><path d="M9"/></svg>';
    const review = (rating: string) => `<blockquote class="border-l-4 pl-4 my-4"><p>An extremely entertaining play by Shakespeare.</p><small class="text-gray-500">Reviewer1</small>${rating}</blockquote>`;
    const page = (rating: string) => `<div class="my-4 p-3 bg-blue-50 rounded">Start here: sign in as <code>jason</code></div><section id="reviews"><h4 class="text-2xl font-semibold">Book Reviews</h4>${review(rating)}${review(rating)}</section>`;
    expect(classifyReviews(page(''))).toBe('v1');
    expect(classifyReviews(page(`<div class="flex gap-x-1 text-black-500">${stars}</div>`))).toBe('v2');
    expect(classifyReviews(page(`<div class="flex gap-x-1 text-red-500">${stars}</div>`))).toBe('v3');
    expect(classifyReviews(page('<p class="text-red-500">Ratings service is currently unavailable</p>'))).toBe('unknown');
  });
});

describe('classifyReviews on the older Bootstrap page', () => {
  it('tells v1, v2 and v3 apart by <font color> around glyphicon stars', () => {
    expect(classifyReviews(bootstrapPage([undefined, undefined]))).toBe('v1');
    expect(classifyReviews(bootstrapPage([{ stars: 5, color: 'black' }, { stars: 4, color: 'black' }]))).toBe('v2');
    expect(classifyReviews(bootstrapPage([{ stars: 5, color: 'red' }, { stars: 4, color: 'red' }]))).toBe('v3');
  });

  it('says unknown when ratings are unavailable or reviews failed', () => {
    expect(classifyReviews(bootstrapPage([unavailable, unavailable]))).toBe('unknown');
    expect(classifyReviews(bootstrapPage('reviews-error'))).toBe('unknown');
  });

  it('does not take the glyphicon-user icon or "Start here" for a rating', () => {
    const page = bootstrapPage([undefined, undefined]);
    expect(page).toContain('glyphicon');
    expect(classifyReviews(page)).toBe('v1');
  });
});

describe('pageProblem: a 2xx page that says a backend failed', () => {
  it('names the failing call on both page generations, and none on a whole page', () => {
    expect(pageProblem(tailwindPage([unavailable, unavailable]))).toBe('ratings-unavailable');
    expect(pageProblem(tailwindPage('reviews-error'))).toBe('reviews-unavailable');
    expect(pageProblem(tailwindPage([undefined, undefined], { detailsError: true }))).toBe('details-unavailable');
    expect(pageProblem(bootstrapPage([unavailable, unavailable]))).toBe('ratings-unavailable');
    expect(pageProblem(bootstrapPage('reviews-error'))).toBe('reviews-unavailable');
    expect(pageProblem(tailwindPage([{ stars: 5, color: 'red' }, { stars: 4, color: 'red' }]))).toBeNull();
    expect(pageProblem(bootstrapPage([undefined, undefined]))).toBeNull();
  });
});
