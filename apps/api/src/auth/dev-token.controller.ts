import { Body, CanActivate, Controller, HttpCode, Inject, Injectable, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AppConfig } from '@iln/platform';
import { ROLES, Role } from '@iln/case-coordination';
import { ApiProblems } from '../http/api-problems.decorator';
import { Public } from './decorators';
import { TokenVerifier } from './token-verifier';

export class DevTokenRequest {
  @ApiProperty({ example: 'p-grays-1' }) @IsString() @Length(1, 100) @Matches(/^[A-Za-z0-9._@-]+$/) sub!: string;
  @ApiProperty({ example: 'Sam Carter' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) @IsArray() @ArrayMaxSize(ROLES.length) @IsIn(ROLES, { each: true }) roles!: Role[];
  @ApiProperty({ example: 'thurrock-council' }) @IsString() @Length(1, 100) organisation!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) teams?: string[];
  @ApiPropertyOptional({ type: [String], example: ['grays'] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) localities?: string[];
}

export class DevTokenResponse {
  @ApiProperty({ description: 'a bearer token for Authorization' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until it expires', example: 28800 }) expiresIn!: number;
}

const EXPIRES_IN_S = 8 * 3600;

/**
 * Outside dev mode the path does not exist (API.md): a guard runs before validation, so
 * even a malformed body gets the 404 and nothing hints that a token issuer is here.
 */
@Injectable()
export class DevModeOnly implements CanActivate {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (this.config.authMode !== 'dev') throw new NotFoundException();
    return true;
  }
}

@ApiTags('auth')
@Controller('api/auth')
export class DevTokenController {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  @Post('dev-token')
  @Public()
  @UseGuards(DevModeOnly)
  @HttpCode(200)
  // security: [] says no token is needed (the document has no global requirement).
  @ApiOperation({ operationId: 'issueDevToken', summary: 'Issue a local token (AUTH_MODE=dev only; 404 otherwise)', security: [] })
  @ApiOkResponse({ type: DevTokenResponse })
  @ApiProblems({ 400: true, 404: { description: 'Not in dev mode: the path does not exist' }, 413: true, 415: true, 429: true, 503: true })
  async issue(@Body() body: DevTokenRequest): Promise<DevTokenResponse> {
    if (this.config.authMode !== 'dev') throw new NotFoundException();
    const accessToken = await this.verifier.issueDevToken(
      { sub: body.sub, name: body.name, roles: body.roles, organisation: body.organisation, teams: body.teams ?? [], localities: body.localities ?? [] },
      EXPIRES_IN_S,
    );
    return { accessToken, expiresIn: EXPIRES_IN_S };
  }
}
