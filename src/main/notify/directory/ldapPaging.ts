import { MessageResponseStatus, PagedResultsControl, StatusCodeParser, type Client, type SearchRequest, type SearchResponse, type SearchResult } from 'ldapts';

// ldapts 9.2 ends a paged search at the first page that holds no entry, even when the server's
// cookie says more follow. RFC 2696 allows such pages (a server may spend a page's time limit on
// entries that do not match, and some do), so ldapts's read would end early and look whole: the
// people after it would drop out of the directory at the next apply. This gives one client (never
// ldapts's prototype) the single-page step of ldapts's own searchPaginated with one change: the
// next page is asked for whenever the cookie is not empty. The end of the search is the empty
// cookie, as the RFC says. test/unit/directory-ldap-hostile.test.ts fails if ldapts's internals
// move and this no longer takes effect.

type SendSearch = (
  searchRequest: SearchRequest,
  searchResult: SearchResult,
  paged: boolean,
  pageSize: number,
  pagedResultsControl: PagedResultsControl | undefined,
  fetchAll?: boolean,
) => Promise<PagedResultsControl | undefined>;

interface ClientInternals {
  _send(message: SearchRequest): Promise<SearchResponse | undefined>;
  _nextMessageId(): number;
  _sendSearch: SendSearch;
}

/** Makes `client`'s searchPaginated follow the server's cookie to the end, empty pages included. */
export function followEveryPageCookie(client: Client): void {
  const internals = client as unknown as ClientInternals;
  if (typeof internals._sendSearch !== 'function' || typeof internals._send !== 'function' || typeof internals._nextMessageId !== 'function') {
    throw new Error('this ldapts version pages differently; the directory sync cannot page safely with it');
  }
  internals._sendSearch = async (searchRequest, searchResult, paged, pageSize, pagedResultsControl, fetchAll = true) => {
    // searchPaginated asks one page at a time; search() (fetchAll) is not used for the directory.
    if (fetchAll) throw new Error('the directory sync reads with searchPaginated only');
    searchRequest.messageId = internals._nextMessageId();
    const result = await internals._send(searchRequest);
    if (result?.status !== MessageResponseStatus.Success) throw StatusCodeParser.parse(result);
    for (const entry of result.searchEntries) searchResult.searchEntries.push(entry.toObject(searchRequest.attributes, searchRequest.explicitBufferAttributes));
    for (const reference of result.searchReferences) searchResult.searchReferences.push(...reference.uris);
    if (!paged || !pagedResultsControl) return undefined;
    const response = result.controls?.find((control): control is PagedResultsControl => control instanceof PagedResultsControl);
    const cookie = response?.value?.cookie;
    if (!cookie || cookie.length === 0) return undefined;
    pagedResultsControl.value = { size: pageSize, cookie };
    return pagedResultsControl;
  };
}
